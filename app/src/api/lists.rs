//! The 政策清单, the 服务清单 and the local rules for ending a registration (注销 reason 11)
//! over `/api/v1`: the lists provincial administrators keep and people read.

use serde::{Deserialize, Serialize};

use crate::domain::registration::Answers;

/// 政策清单, 服务清单 or the local 注销 rules: which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Policy,
    Service,
    /// 各地确定的其他情形: what reason 11 of the notice may end a registration for.
    EndRule,
}

impl ListKind {
    pub fn parse(s: &str) -> Option<ListKind> {
        match s {
            "policy" => Some(ListKind::Policy),
            "service" => Some(ListKind::Service),
            "end_rule" => Some(ListKind::EndRule),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Policy => "policy",
            ListKind::Service => "service",
            ListKind::EndRule => "end_rule",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ListKind::Policy => "政策清单",
            ListKind::Service => "服务清单",
            ListKind::EndRule => "当地规定的其他注销情形",
        }
    }

    /// The notice's columns, each required: (key, label).
    pub fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ListKind::Policy => &[
                ("name", "政策名称"),
                ("who", "享受对象"),
                ("content", "政策内容"),
                ("conditions", "申请条件"),
                ("where", "受理机构"),
            ],
            ListKind::Service => &[("name", "服务项目"), ("who", "服务对象"), ("content", "服务内容")],
            ListKind::EndRule => &[("name", "情形"), ("basis", "依据（文件名称和文号）")],
        }
    }
}

/// One entry of a list: every field of its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListEntry {
    #[cfg_attr(feature = "ssr", schema(value_type = std::collections::HashMap<String, String>))]
    pub fields: Answers,
    /// 示例: demo data, not a real policy or service.
    #[serde(default)]
    pub demo: bool,
}

/// A whole list, as staff replace it and as people read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListView {
    pub kind: ListKind,
    pub entries: Vec<ListEntry>,
}
