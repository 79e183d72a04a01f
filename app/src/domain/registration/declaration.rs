//! 书面承诺: the self-declaration that replaces every certificate. The exact text and its
//! version are stored with each registration and the time it was accepted.

/// Change the version whenever a word of the text changes.
pub const VERSION: &str = "hn-2026-1";

pub const TITLE: &str = "本人承诺";

/// The points of ../shared/domain.md §1.6, in the words the person reads.
pub const POINTS: [&str; 7] = [
    "我已年满16周岁，有劳动能力，有就业要求，目前处于无业状态。",
    "我没有按月领取基本养老保险待遇。",
    "我填写的信息真实、准确、完整，同意通过信息比对或人工核查等方式核实。",
    "我找到工作或情况有变化时会及时报告，每月参加就业失业动态确认，并保持手机畅通。",
    "我知道在哪些情况下失业登记会被注销，包括无正当理由连续3次拒绝接受公共就业服务、连续6个月无法取得联系等。",
    "我知道以虚假信息骗取失业保险待遇或就业创业扶持政策的，将被记入人力资源社会保障信用体系，并依法承担责任。",
    "我同意为办理失业登记和提供就业服务，处理我的个人信息（包括证件号码等敏感个人信息）。",
];

/// The whole text as stored: the title and the numbered points.
pub fn text() -> String {
    let mut out = String::from(TITLE);
    for (i, p) in POINTS.iter().enumerate() {
        out.push_str(&format!("\n{}. {p}", i + 1));
    }
    out
}
