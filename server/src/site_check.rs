//! The built site the pages need: a server started without it answers every page with HTML
//! whose scripts and styles are missing, and looks healthy to its probes. So `serve` and
//! `check-config` refuse to go on when the site the hash manifest names is not all there.

use std::path::{Path, PathBuf};

/// Where the wasm, JS and CSS are, under the site root (LeptosOptions' `site_pkg_dir`).
pub const PKG_DIR: &str = "pkg";

/// Leptos' default `hash_file`, which `leptos_options` keeps.
const HASH_FILE: &str = "hash.txt";

/// The asset kinds the manifest names, as Leptos reads them (`js: <hash>`), each also the
/// file's extension.
const KINDS: [&str; 3] = ["js", "wasm", "css"];

/// The hash manifest Leptos reads: `hash.txt` beside the running binary (where
/// `HydrationScripts` and `HashedStylesheet` look; `make site` and the release package put it
/// there). `None` when there is none: a development build, whose asset names carry no hash.
pub fn hash_manifest() -> Option<PathBuf> {
    let path = std::env::current_exe().ok()?.parent()?.join(HASH_FILE);
    path.is_file().then_some(path)
}

/// Checks the site at `site_root` when the binary uses hashed asset names (see
/// [`hash_manifest`]); the error says what is missing and how to fix it.
pub fn check_built_site(site_root: &str) -> Result<(), String> {
    match hash_manifest() {
        Some(manifest) => check(Path::new(site_root), &manifest, env!("LEPTOS_OUTPUT_NAME")),
        None => Ok(()),
    }
}

/// What every refusal ends with: where LEPTOS_SITE_ROOT must point.
const FIX: &str = "LEPTOS_SITE_ROOT 须指向构建好的网站：源码中运行 `make site` 生成 target/site，\
                   发布包中是 site/ 目录。LEPTOS_SITE_ROOT must point at the built site \
                   (`make site`, or the package's site/).";

/// Checks that `site_root` exists and holds, under `pkg/`, every asset `manifest` names:
/// `<output_name>.<hash>.js`, `.wasm` and `.css`.
pub fn check(site_root: &Path, manifest: &Path, output_name: &str) -> Result<(), String> {
    if !site_root.is_dir() {
        return Err(format!(
            "找不到网站目录 LEPTOS_SITE_ROOT={}（the site directory is missing）。{FIX}",
            site_root.display()
        ));
    }
    let text = std::fs::read_to_string(manifest).map_err(|e| {
        format!(
            "无法读取资源清单 {}（cannot read the hash manifest: {e}）。请重新构建：`make site`。",
            manifest.display()
        )
    })?;
    for kind in KINDS {
        let hash = text
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(k, _)| k.trim() == kind)
            .map(|(_, hash)| hash.trim())
            .filter(|hash| !hash.is_empty())
            .ok_or_else(|| {
                format!(
                    "资源清单 {} 缺少 {kind} 一行（the hash manifest names no {kind} file）。请重新构建：`make site`。",
                    manifest.display()
                )
            })?;
        let asset = site_root.join(PKG_DIR).join(format!("{output_name}.{hash}.{kind}"));
        if !asset.is_file() {
            return Err(format!(
                "网站缺少文件 {}（资源清单 {} 列出了它；missing file named by the hash manifest）。\
                 网站与程序须来自同一次构建。{FIX}",
                asset.display(),
                manifest.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site with the three hashed assets, and its manifest beside (not in) it.
    fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join(PKG_DIR)).unwrap();
        for (kind, hash) in [("js", "aaaa"), ("wasm", "bbbb"), ("css", "cccc")] {
            std::fs::write(site.join(PKG_DIR).join(format!("portal.{hash}.{kind}")), "x").unwrap();
        }
        let manifest = dir.path().join("hash.txt");
        std::fs::write(&manifest, "js: aaaa\nwasm: bbbb\ncss: cccc\n").unwrap();
        (dir, site, manifest)
    }

    #[test]
    fn a_complete_site_passes() {
        let (_dir, site, manifest) = built();
        check(&site, &manifest, "portal").unwrap();
    }

    #[test]
    fn a_missing_site_root_is_named_with_the_fix() {
        let (dir, _, manifest) = built();
        let e = check(&dir.path().join("nowhere"), &manifest, "portal").unwrap_err();
        assert!(
            e.contains("nowhere") && e.contains("LEPTOS_SITE_ROOT") && e.contains("make site"),
            "{e}"
        );
    }

    #[test]
    fn each_missing_asset_is_named() {
        for (kind, hash) in [("js", "aaaa"), ("wasm", "bbbb"), ("css", "cccc")] {
            let (_dir, site, manifest) = built();
            let file = format!("portal.{hash}.{kind}");
            std::fs::remove_file(site.join(PKG_DIR).join(&file)).unwrap();
            let e = check(&site, &manifest, "portal").unwrap_err();
            assert!(e.contains(&file) && e.contains("LEPTOS_SITE_ROOT"), "{e}");
        }
    }

    #[test]
    fn a_missing_or_incomplete_manifest_is_named() {
        let (dir, site, manifest) = built();
        let e = check(&site, &dir.path().join("none.txt"), "portal").unwrap_err();
        assert!(e.contains("none.txt"), "{e}");
        std::fs::write(&manifest, "js: aaaa\nwasm: bbbb\n").unwrap();
        let e = check(&site, &manifest, "portal").unwrap_err();
        assert!(e.contains("css"), "{e}");
    }

    #[test]
    fn assets_of_another_build_do_not_count() {
        let (_dir, site, manifest) = built();
        std::fs::write(&manifest, "js: aaaa\nwasm: 9999\ncss: cccc\n").unwrap();
        let e = check(&site, &manifest, "portal").unwrap_err();
        assert!(e.contains("portal.9999.wasm"), "{e}");
    }
}
