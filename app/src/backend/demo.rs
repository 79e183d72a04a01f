//! Demo people and lists for `make run` (PORTAL_DEMO), loaded through the same use cases real
//! people and staff go through, so the demo cannot drift from what the portal does.
//!
//! A demo worker (sign in with 13800000000; the code appears in the server log) whose
//! registration is 已登记 with a mix of services, and 示例 entries of the 政策清单 and 服务清单.
//! The worker's ID number uses 430199, a county code that was never assigned, so it cannot be
//! anyone's; the staff account that recorded the services has a random password nobody knows.

use crate::api::lists::{ListEntry, ListKind};
use crate::api::registration::{DecisionRequest, SubmitRequest};
use crate::api::service_311::{RecordServiceRequest, ServiceAnswerRequest};
use crate::backend::auth::staff::StaffRole;
use crate::backend::crypto::random_token;
use crate::backend::{Backend, Error};
use crate::domain::date::Ymd;
use crate::domain::id_number::check_char;
use crate::domain::phone::Phone;
use crate::domain::registration::{declaration, Answers};

/// The demo worker's phone: sign in with it to see 我的就业服务 alive.
pub const DEMO_PHONE: &str = "13800000000";
const DEMO_STAFF: &str = "demo-staff";
/// 岳麓区's county office and one of its demo communities (see `institutions::demo`).
const DEMO_OFFICE: &str = "DEMO-430104";
const DEMO_COMMUNITY: &str = "DEMO-430104901001";

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// Loads the demo worker and lists once (an existing demo staff account means done); returns
/// whether anything was loaded.
pub async fn load_if_absent(s: &Backend, today: Ymd, now: i64) -> Result<bool, Error> {
    if s.store.staff_by_username(DEMO_STAFF).await?.is_some() {
        return Ok(false);
    }
    let staff_phone = Phone::parse("13900000000").map_err(|e| Error::Internal(e.into()))?;
    let staff = s
        .auth
        .add_staff(
            DEMO_STAFF,
            &random_token(),
            &staff_phone,
            DEMO_OFFICE,
            StaffRole::default(),
            now,
        )
        .await?;
    let phone = Phone::parse(DEMO_PHONE).map_err(|e| Error::Internal(e.into()))?;
    let me = s.auth.person_for_phone(&phone, now).await?;
    let first17 = "43019919850615999";
    s.auth
        .state_identity(
            &me.person_id,
            "resident_id",
            &format!("{first17}{}", check_char(first17)),
            None,
            today,
            now,
        )
        .await?;
    let r = &s.registrations;
    // Registered four months ago (the services below fall inside the 311 year), out of work
    // a month before that: both relative to today, so the demo loads on any day of the year.
    let registered_on = Ymd::from_days(today.days() - 120);
    let ended = Ymd::from_days(registered_on.days() - 30);
    let form = answers(&[
        ("able_to_work", "1"),
        ("wants_work", "1"),
        ("without_work", "1"),
        ("drawing_pension", "0"),
        ("name", "李示例"),
        ("phone", DEMO_PHONE),
        ("household_division", "430104"),
        ("household_address", "岳麓区示例街道示例社区（示例地址）"),
        ("household_kind", "20"),
        ("residence_division", "430104"),
        ("residence_address", "岳麓区示例街道示例小区（示例地址）"),
        ("ethnicity", "15"),
        ("education", "40"),
        ("health", "1"),
        ("reason", "20"),
        ("employer", "示例物流有限公司"),
        ("ended_year", &ended.year.to_string()),
        ("ended_month", &ended.month.to_string()),
        ("ended_day", &ended.day.to_string()),
        ("certificates", ""),
        ("job_1", "仓库管理员"),
        ("training_wish", "1"),
        ("business_wish", "0"),
        ("claim_benefit", "0"),
        ("difficulty", ""),
        ("place_kind", "household"),
        ("office", DEMO_COMMUNITY),
    ]);
    r.update_draft(&me, &form, registered_on, now).await?;
    let submitted = r
        .submit(
            &me,
            &SubmitRequest {
                idempotency_key: "demo".into(),
                declaration_accepted: true,
                signature: "李示例".into(),
                declaration_version: declaration::VERSION.into(),
            },
            registered_on,
            now,
        )
        .await?;
    for decision in ["accept", "register"] {
        let req = DecisionRequest {
            decision: decision.into(),
            refusal_code: String::new(),
            reason: String::new(),
        };
        r.decide(&staff, &submitted.reference, &req, registered_on, "demo", now)
            .await?;
    }
    let ago = |days: i64| Ymd::from_days(today.days() - days).iso();
    let record = |kind: &str, given_on: String, channel: &str, content: &[(&str, &str)]| RecordServiceRequest {
        references: vec![submitted.reference.clone()],
        kind: kind.into(),
        given_on,
        channel: channel.into(),
        content: answers(content),
    };
    let (open_30, open_45) = (ago(-30), ago(-45));
    let requests = [
        record(
            "job_referral",
            ago(90),
            "phone",
            &[
                ("employer", "示例物流有限公司长沙仓（示例）"),
                ("position", "仓库管理员"),
                ("place", "长沙市岳麓区示例路1号"),
                ("wage", "4500-5500元/月"),
                ("hours", "做六休一，8:30-17:30"),
                ("contact", "0731-00000001"),
            ],
        ),
        record(
            "guidance",
            ago(60),
            "on_site",
            &[
                ("topic", "求职简历与面试准备"),
                ("time", "上午9:30"),
                ("place", "岳麓区公共就业和人才服务中心（示例）"),
                ("adviser", "王老师（示例）"),
            ],
        ),
        record(
            "job_referral",
            ago(21),
            "sms",
            &[
                ("employer", "示例电商有限公司（示例）"),
                ("position", "分拣员"),
                ("place", "长沙市岳麓区示例产业园3栋"),
                ("wage", "4000-5000元/月"),
                ("hours", "两班倒"),
                ("contact", "0731-00000002"),
                ("open_until", &open_30),
            ],
        ),
        record(
            "job_referral",
            ago(7),
            "wechat",
            &[
                ("employer", "示例超市连锁有限公司（示例）"),
                ("position", "理货员"),
                ("place", "长沙市岳麓区示例大道88号"),
                ("wage", "3800-4500元/月"),
                ("hours", "早班 7:00-15:00"),
                ("contact", "0731-00000003"),
                ("open_until", &open_45),
            ],
        ),
    ];
    for req in requests {
        s.service_311.record_service(&staff, &req, today, "demo", now).await?;
    }
    // The first referral was answered long ago: 已投递.
    let view = s.service_311.my_services(&me.person_id).await?;
    if let Some(first) = view.records.last() {
        let req = ServiceAnswerRequest {
            answer: "applied".into(),
            reason: String::new(),
            note: String::new(),
        };
        s.service_311
            .answer_service(&me.person_id, &first.id, &req, now)
            .await?;
    }
    for (kind, entries) in [
        (ListKind::Policy, demo_policies()),
        (ListKind::Service, demo_services()),
    ] {
        s.lists.write(kind, &entries, "demo", now).await?;
    }
    Ok(true)
}

fn entry(pairs: &[(&str, &str)]) -> ListEntry {
    ListEntry {
        fields: answers(pairs),
        demo: true,
    }
}

/// Names of real kinds of policy; the wording is the portal's and marked 示例: the amounts
/// and conditions that apply are those the 人社 departments publish.
fn demo_policies() -> Vec<ListEntry> {
    vec![
        entry(&[
            ("name", "失业保险金（示例）"),
            ("who", "参加失业保险、非因本人意愿中断就业的失业人员"),
            (
                "content",
                "按月领取失业保险金，领取期间代缴基本医疗保险费。标准以当地公布为准。",
            ),
            (
                "conditions",
                "所在单位和本人已按规定缴费满1年；非因本人意愿中断就业；已办理失业登记并有求职要求。",
            ),
            ("where", "参保地社会保险经办机构，或“智慧人社”APP"),
        ]),
        entry(&[
            ("name", "职业技能培训补贴（示例）"),
            ("who", "登记失业人员等"),
            (
                "content",
                "参加政府补贴的职业技能培训并取得证书的，按规定给予培训补贴。",
            ),
            ("conditions", "培训前已办理失业登记；参加指定机构的培训并取得相应证书。"),
            ("where", "县市区公共就业服务机构"),
        ]),
        entry(&[
            ("name", "一次性创业补贴（示例）"),
            ("who", "首次创办小微企业或从事个体经营的登记失业人员等"),
            ("content", "按规定给予一次性创业补贴。标准以当地公布为准。"),
            ("conditions", "取得营业执照并正常经营一定期限；以当地公布的条件为准。"),
            ("where", "创业所在地县市区公共就业服务机构"),
        ]),
    ]
}

fn demo_services() -> Vec<ListEntry> {
    vec![
        entry(&[
            ("name", "职业介绍（示例）"),
            ("who", "有就业意愿的登记失业人员"),
            ("content", "按求职意向推荐岗位信息，登记后一年内至少推荐3次。"),
        ]),
        entry(&[
            ("name", "职业指导（示例）"),
            ("who", "登记失业人员"),
            (
                "content",
                "了解求职意向，帮助制订求职计划，指导简历和面试，一年内至少1次。",
            ),
        ]),
        entry(&[
            ("name", "免费技能培训信息（示例）"),
            ("who", "有培训意愿的登记失业人员"),
            ("content", "提供政府补贴培训项目的信息和报名渠道，一年内至少1次。"),
        ]),
        entry(&[
            ("name", "就业援助（示例）"),
            ("who", "就业困难人员"),
            ("content", "专人联系，制订个性化援助计划，必要时提供公益性岗位。"),
        ]),
    ]
}
