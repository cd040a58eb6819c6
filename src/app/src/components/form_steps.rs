//! The step arithmetic of an application form, apart from rendering: the form's pages (its
//! own steps, or in 长辈版 one question per page), then 上传材料, then 承诺书, then 确认提交.
//! Pure, so it has native tests.

use tongban_rules::form::{is_visible, Form, Values};

/// One page of answers: the form step it belongs to and the fields it asks (visible or not:
/// a page shows those of them that are visible now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataPage {
    /// The index of the form's step (its title is the page's legend).
    pub step: usize,
    pub fields: Vec<String>,
}

/// The pages of answers: each step of the form on a page of its own; or, `one_per_page` (the
/// GOV.UK pattern, 长辈版), each field visible now on a page of its own — a field that shows
/// only for some answers gets its page once those answers are given.
pub fn data_pages(form: &Form, values: &Values, one_per_page: bool) -> Vec<DataPage> {
    form.steps
        .iter()
        .enumerate()
        .flat_map(|(step, s)| {
            let fields: Vec<String> = s.fields.iter().map(|f| f.path.clone()).collect();
            if one_per_page {
                s.fields
                    .iter()
                    .filter(|f| is_visible(f, values))
                    .map(|f| DataPage {
                        step,
                        fields: vec![f.path.clone()],
                    })
                    .collect()
            } else {
                vec![DataPage { step, fields }]
            }
        })
        .collect()
}

/// The pages of answers, led in 长辈版 (`one_per_page`) by a page of their own for the question
/// asked before the form (为谁办理) when there is one (`lead`): a page that asks no field of the
/// form ([`DataPage::is_lead`]). The standard version shows that question above its first page.
pub fn pages_with_lead(
    form: &Form,
    values: &Values,
    one_per_page: bool,
    lead: bool,
) -> Vec<DataPage> {
    let lead = (one_per_page && lead).then_some(DataPage {
        step: 0,
        fields: vec![],
    });
    lead.into_iter()
        .chain(data_pages(form, values, one_per_page))
        .collect()
}

impl DataPage {
    /// The page of the question asked before the form: it asks none of the form's fields.
    pub fn is_lead(&self) -> bool {
        self.fields.is_empty()
    }
}

/// The page asking the field at `path`, if a page asks it.
pub fn page_of(pages: &[DataPage], path: &str) -> Option<usize> {
    pages
        .iter()
        .position(|p| p.fields.iter().any(|f| f == path))
}

/// Where a step number leads: the form's own steps, then 上传材料 (when the item needs
/// materials), then 承诺书 (承诺制 items), then 确认提交.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The form's step with this index.
    Data(usize),
    Materials,
    Commitment,
    Review,
}

/// The step arithmetic of a form, apart from rendering: pure, so it has native tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Steps {
    data: usize,
    materials: bool,
    commitment: bool,
}

impl Steps {
    pub fn new(data: usize, materials: bool, commitment: bool) -> Self {
        Self {
            data,
            materials,
            commitment,
        }
    }

    /// The 上传材料 step's number, when there is one.
    pub fn materials(&self) -> Option<usize> {
        self.materials.then_some(self.data)
    }

    /// The first step after the materials (the 承诺书, or the review).
    pub fn after_materials(&self) -> usize {
        self.data + usize::from(self.materials)
    }

    /// The 承诺书 step's number, when there is one.
    pub fn commitment(&self) -> Option<usize> {
        self.commitment.then_some(self.after_materials())
    }

    /// The last step: 确认提交.
    pub fn review(&self) -> usize {
        self.after_materials() + usize::from(self.commitment)
    }

    /// A saved step number as this form has it (a draft of a longer form stops at the review).
    pub fn clamp(&self, step: usize) -> usize {
        step.min(self.review())
    }

    pub fn at(&self, step: usize) -> Step {
        let step = self.clamp(step);
        if step < self.data {
            Step::Data(step)
        } else if Some(step) == self.materials() {
            Step::Materials
        } else if Some(step) == self.commitment() {
            Step::Commitment
        } else {
            Step::Review
        }
    }

    pub fn next(&self, step: usize) -> usize {
        self.clamp(step + 1)
    }

    pub fn back(&self, step: usize) -> usize {
        self.clamp(step).saturating_sub(1)
    }

    /// The row of steps shown above the page, and which of them `step` is in. 长辈版 counts
    /// its pages by the form's steps (`pages`), so the row stays short.
    pub fn titles(
        &self,
        form: &Form,
        pages: &[DataPage],
        step: usize,
        one_per_page: bool,
    ) -> (Vec<String>, usize) {
        let current = match (one_per_page, self.at(step)) {
            (false, _) => step,
            (true, Step::Data(i)) => pages[i].step,
            (true, _) => form.steps.len() + step.saturating_sub(pages.len()),
        };
        let mut titles: Vec<String> = form.steps.iter().map(|s| s.title.clone()).collect();
        if self.materials {
            titles.push("上传材料".into());
        }
        if self.commitment {
            titles.push("签署承诺".into());
        }
        titles.push("核对提交".into());
        (titles, current)
    }
}

// Native tests: the logic is pure (`cargo test -p tongban-app --lib`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{data_pages, page_of, pages_with_lead, Step, Steps};
    use tongban_rules::form::{Field, FieldKind, Form, Values};

    fn field(path: &str, shown_if: Option<(&str, &str)>) -> Field {
        serde_json::from_value(serde_json::json!({
            "path": path, "label": path, "type": "text",
            "show_if": shown_if.map(|(f, v)| serde_json::json!({ "field": f, "in": [v] })),
        }))
        .expect("a field")
    }

    fn form() -> Form {
        serde_json::from_value(serde_json::json!({
            "id": "t", "schema_version": 1, "title": "t",
            "steps": [
                { "title": "一", "fields": [field("a", None), field("b", None)] },
                { "title": "二", "fields": [field("c", None), field("d", Some(("c", "yes")))] },
            ],
        }))
        .expect("a form")
    }

    #[test]
    fn the_standard_version_has_a_page_per_step_and_the_elder_version_one_per_visible_field() {
        let (f, mut v) = (form(), Values::new());
        assert_eq!(f.fields().filter(|x| x.kind == FieldKind::Text).count(), 4);
        let steps = data_pages(&f, &v, false);
        assert_eq!(steps.iter().map(|p| p.step).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(steps[1].fields, ["c", "d"]);
        let one = data_pages(&f, &v, true);
        let asked: Vec<&str> = one.iter().map(|p| p.fields[0].as_str()).collect();
        assert_eq!(asked, ["a", "b", "c"], "d waits for c's answer");
        v.insert("c".into(), "yes".into());
        let one = data_pages(&f, &v, true);
        assert_eq!(one.len(), 4);
        assert_eq!((one[3].step, page_of(&one, "d")), (1, Some(3)));
        assert_eq!(page_of(&steps, "d"), Some(1));
        assert_eq!(page_of(&one, "nope"), None);
    }

    #[test]
    fn in_the_elder_version_the_question_before_the_form_is_a_page_of_its_own() {
        let (f, v) = (form(), Values::new());
        let led = pages_with_lead(&f, &v, true, true);
        assert!(led[0].is_lead() && !led[1].is_lead());
        assert_eq!(led[1..], data_pages(&f, &v, true)[..]);
        assert_eq!(page_of(&led, "a"), Some(1), "each question one page later");
        let s = Steps::new(led.len(), false, false);
        assert_eq!(
            s.titles(&f, &led, 0, true).1,
            0,
            "counted in the first step"
        );
        assert_eq!(
            pages_with_lead(&f, &v, true, false),
            data_pages(&f, &v, true)
        );
        assert_eq!(
            pages_with_lead(&f, &v, false, true),
            data_pages(&f, &v, false),
            "the standard version asks it above its first page"
        );
    }

    #[test]
    fn the_row_of_steps_counts_the_elder_version_s_pages_by_their_form_step() {
        let (f, v) = (form(), Values::new());
        let one = data_pages(&f, &v, true);
        let s = Steps::new(one.len(), true, false);
        let (titles, current) = s.titles(&f, &one, 2, true);
        assert_eq!(titles, ["一", "二", "上传材料", "核对提交"]);
        assert_eq!(current, 1, "the page asking c belongs to step 二");
        assert_eq!(s.titles(&f, &one, s.materials().unwrap(), true).1, 2);
        assert_eq!(s.titles(&f, &one, s.review(), true).1, 3);
        let pages = data_pages(&f, &v, false);
        let standard = Steps::new(pages.len(), true, false);
        assert_eq!(standard.titles(&f, &pages, 1, false), (titles, 1));
    }

    #[test]
    fn a_plain_form_goes_from_its_steps_to_the_review() {
        let s = Steps::new(2, false, false);
        let order: Vec<Step> = (0..=s.review()).map(|n| s.at(n)).collect();
        assert_eq!(order, [Step::Data(0), Step::Data(1), Step::Review]);
        assert_eq!((s.materials(), s.commitment()), (None, None));
    }

    #[test]
    fn materials_then_the_commitment_come_before_the_review() {
        let s = Steps::new(2, true, true);
        let order: Vec<Step> = (0..=s.review()).map(|n| s.at(n)).collect();
        assert_eq!(
            order,
            [
                Step::Data(0),
                Step::Data(1),
                Step::Materials,
                Step::Commitment,
                Step::Review
            ]
        );
        assert_eq!(s.after_materials(), 3);
        assert_eq!(Steps::new(1, false, true).commitment(), Some(1));
    }

    #[test]
    fn a_saved_step_past_the_end_stops_at_the_review_and_back_and_next_stay_inside() {
        let s = Steps::new(1, true, false);
        assert_eq!(s.clamp(9), 2);
        assert_eq!(s.at(9), Step::Review);
        assert_eq!(s.next(2), 2);
        assert_eq!(s.back(0), 0);
        assert_eq!(s.back(9), 1);
    }
}
