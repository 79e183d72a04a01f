//! The facts of a registration the figures need, taken once when it is submitted: nothing
//! that identifies the person (see `store::NewFacts`).

use crate::backend::auth::Identity;
use crate::backend::store::NewFacts;
use crate::domain::id_number::Sex;
use crate::domain::registration::check::answer;
use crate::domain::registration::Answers;
use crate::domain::statistics::people::locality;

/// `office_division` is the handling office's division; `community_code` the 城乡分类代码
/// of that office's 社区/村 when it has one. An office chosen at the 常住地 inside the
/// person's county stands for where they live, as exactly as it is known.
pub fn facts_of(
    identity: &Identity,
    answers: &Answers,
    office_division: &str,
    community_code: Option<&str>,
) -> NewFacts {
    let county = answer(answers, "residence_division");
    let township = Some(answer(answers, "residence_township").trim()).filter(|t| !t.is_empty());
    let office_at_home =
        answer(answers, "place_kind") == "residence" && office_division.starts_with(county) && !county.is_empty();
    let community = community_code.filter(|_| office_at_home && office_division.len() == 12);
    let office_township = (office_at_home && office_division.len() >= 9).then(|| &office_division[..9]);
    let (l, basis) = locality(community, township.or(office_township), county);
    NewFacts {
        sex: match identity.number.sex() {
            Some(Sex::Male) => "1",
            Some(Sex::Female) => "2",
            None => "9",
        }
        .into(),
        birth_month: identity.birth_date().map(|d| d.year_month()),
        residence_county: county.into(),
        residence_township: township.map(str::to_owned),
        locality: l.as_str().into(),
        locality_basis: basis.as_str().into(),
        hard_to_employ: !answer(answers, "difficulty").trim().is_empty(),
    }
}
