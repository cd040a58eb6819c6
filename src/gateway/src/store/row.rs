//! A row read by column name, whichever way it was read: through sqlx (`AnyRow`) or through
//! SQLite's readers (`readers`, [`Row`]). The progress view's decoders (`Record::from_row`, the
//! timeline's events, the rating, the lookup limits) take either, so one decoder serves both
//! engines and both ways of reading.

use crate::AppError;
use sqlx::{any::AnyRow, Any, Decode, Row as _, Type};
use std::sync::Arc;

/// A value of a [`Row`]: what the columns the readers read hold (SQLite's INTEGER, TEXT, NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// A row read by a SQLite reader: its column names (shared by the rows of one statement) and
/// values.
#[derive(Debug, Clone)]
pub struct Row {
    pub(super) names: Arc<[String]>,
    pub(super) values: Vec<Value>,
}

/// A type a column is read as: `String`, `i64`, or either as an `Option` (NULL is `None`).
pub trait FromColumn: Sized + for<'r> Decode<'r, Any> + Type<Any> {
    /// `None`: the value is not of this type (NULL included, for the types that are not
    /// `Option`s).
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromColumn for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl FromColumn for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// Reading a row's columns by name.
pub trait Columns {
    /// The column `name` as `T`; an error (as sqlx's) when there is no such column or it holds
    /// something else.
    fn get<T: FromColumn>(&self, name: &str) -> Result<T, AppError>;
}

impl Columns for AnyRow {
    fn get<T: FromColumn>(&self, name: &str) -> Result<T, AppError> {
        Ok(self.try_get(name)?)
    }
}

impl Columns for Row {
    fn get<T: FromColumn>(&self, name: &str) -> Result<T, AppError> {
        let index = self
            .names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| sqlx::Error::ColumnNotFound(name.to_owned()))?;
        let value = &self.values[index];
        T::from_value(value).ok_or_else(|| {
            AppError::from(sqlx::Error::ColumnDecode {
                index: name.to_owned(),
                source: format!("{value:?} is not a {}", std::any::type_name::<T>()).into(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row {
            names: vec!["n".to_owned(), "t".to_owned(), "z".to_owned()].into(),
            values: vec![Value::Int(7), Value::Text("x".into()), Value::Null],
        }
    }

    #[test]
    fn a_column_is_read_by_name_as_its_type_and_null_only_as_an_option() {
        let r = row();
        assert_eq!(r.get::<i64>("n").unwrap(), 7);
        assert_eq!(r.get::<Option<i64>>("n").unwrap(), Some(7));
        assert_eq!(r.get::<String>("t").unwrap(), "x");
        assert_eq!(r.get::<Option<String>>("z").unwrap(), None);
        assert_eq!(r.get::<Option<i64>>("z").unwrap(), None);
        assert!(r.get::<String>("z").is_err(), "NULL is not a String");
        assert!(r.get::<i64>("t").is_err(), "text is not a number");
        assert!(r.get::<String>("n").is_err(), "a number is not text");
        assert!(r.get::<i64>("missing").is_err());
    }
}
