//! 失业登记: the form as pages, its checks, eligibility, the self-declaration and the states of
//! an application. Everything here runs in the browser and on the server alike.

pub mod check;
pub mod codes;
pub mod confirmation;
pub mod decision;
pub mod declaration;
pub mod eligibility;
pub mod ending;
pub mod status;
pub mod steps;

/// The answers of a draft or an application: field name -> what was typed or chosen
/// (several choices comma-separated).
pub type Answers = std::collections::BTreeMap<String, String>;
