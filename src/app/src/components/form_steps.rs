//! The step arithmetic of an application form, apart from rendering: the form's own steps,
//! then 上传材料, then 承诺书, then 确认提交. Pure, so it has native tests.

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
}

// Native tests: the logic is pure (`cargo test -p tongban-app --lib`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{Step, Steps};

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
