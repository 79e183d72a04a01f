//! The 政策清单 and 服务清单 over `/api/v1`: the lists staff keep and people read.

use serde::{Deserialize, Serialize};

use crate::domain::registration::Answers;

/// 政策清单 or 服务清单: which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Policy,
    Service,
}

impl ListKind {
    pub fn parse(s: &str) -> Option<ListKind> {
        match s {
            "policy" => Some(ListKind::Policy),
            "service" => Some(ListKind::Service),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Policy => "policy",
            ListKind::Service => "service",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ListKind::Policy => "政策清单",
            ListKind::Service => "服务清单",
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
