//! `waveplan import` from the outside: the fixture exports of `tests/fixtures/import/` into a
//! new plan and merged into an edited one, every rule of spec section 12, every error, and
//! import -> check -> build end to end.

use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;
#[path = "common/import_fixtures.rs"]
mod import_fixtures;
use common::{assert_contains, waveplan};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = waveplan().args(args).output().expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `import` of the fixture workbook and dependencies, grouped by the Application attribute,
/// into `dir` as a new plan; extra arguments are appended.
fn import_new(dir: &Path, extra: &[&str]) -> Run {
    let (rvtools, deps) = (fixture("rvtools.xlsx"), fixture("dependencies.csv"));
    let dir = dir.display().to_string();
    let mut args = vec![
        "import",
        "--rvtools",
        &rvtools,
        "--dependencies",
        &deps,
        "--group-by",
        "Application",
        "-o",
        &dir,
        "--start",
        "2027-02-01",
        "--vpn-mbps",
        "500",
        "--internet-mbps",
        "200",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn plan_of(dir: &Path) -> toml::Table {
    let text = fs::read_to_string(dir.join("plan.toml")).expect("plan.toml");
    toml::from_str(&text).expect("valid TOML")
}

fn workload<'a>(plan: &'a toml::Table, id: &str) -> &'a toml::Table {
    plan["workload"]
        .as_array()
        .expect("workloads")
        .iter()
        .filter_map(toml::Value::as_table)
        .find(|w| w["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no workload {id}"))
}

fn strs(table: &toml::Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn num(table: &toml::Table, key: &str) -> Option<f64> {
    table
        .get(key)
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
}

#[test]
fn committed_fixtures_are_what_the_generator_writes() {
    let book = import_fixtures::workbook(&import_fixtures::estate()).expect("workbook");
    let regenerated = book.clone();
    assert_eq!(
        import_fixtures::workbook(&import_fixtures::estate()).expect("workbook"),
        regenerated,
        "the generator is deterministic"
    );
    let committed = [
        ("rvtools.xlsx", book),
        (
            "dependencies.csv",
            import_fixtures::dependencies_csv().into_bytes(),
        ),
        ("servers.csv", import_fixtures::servers_csv().into_bytes()),
        ("vinfo-old.csv", import_fixtures::vinfo_csv().into_bytes()),
    ];
    for (name, bytes) in committed {
        let on_disk = fs::read(fixture(name)).expect("fixture");
        assert!(
            on_disk == bytes,
            "{name} differs from what the generator writes: run `cargo run --example make_import_fixtures`"
        );
    }
}

#[test]
fn the_fixture_workbook_becomes_workloads_by_the_rules() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    let r = import_new(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Skipped, each under the first reason: templates, the SRM placeholder, powered off
    // (a suspended VM is imported).
    assert_contains(&r.stdout, "servers read: 30 (30 RVTools VMs)");
    assert_contains(
        &r.stdout,
        "skipped: 5 (2 templates, 1 SRM placeholder, 2 powered off)",
    );
    let plan = plan_of(&dir);
    assert_eq!(plan["plan"]["title"].as_str(), Some("Imported plan"));
    assert_eq!(plan["network"]["vpn_mbps"].as_integer(), Some(500));
    assert!(plan["network"].get("expressroute_mbps").is_none());

    // Grouping by the Application attribute; ids from names; a clash takes `-2`.
    let ids: Vec<&str> = plan["workload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "web-shop",
            "billing",
            "hr-portal",
            "hr-portal-2",
            "active-directory",
            "file-services",
            "monitoring",
            "jumpbox01",
            "contest-web",
            "sqldev02",
            "print-scan",
            "build-farm",
            "analytics"
        ]
    );
    let shop = workload(&plan, "web-shop");
    assert_eq!(shop["name"].as_str(), Some("Web Shop"));
    // Environments from name tokens; sizes MiB x 1.048576 / 1000, production and the rest.
    assert_eq!(strs(shop, "environments"), ["dev", "prod", "test", "uat"]);
    assert_eq!(num(shop, "data_gb"), Some(816.0));
    assert_eq!(num(shop, "nonprod_data_gb"), Some(408.0));
    // Owner: the most common value; ties go to the first in row order.
    assert_eq!(shop["owner"].as_str(), Some("Ann Lee"));
    assert_eq!(
        workload(&plan, "billing")["owner"].as_str(),
        Some("Carol Diaz")
    );
    // No owner anywhere: the placeholder. Servers with no group value: one workload each.
    let jump = workload(&plan, "jumpbox01");
    assert_eq!(
        (jump["name"].as_str(), jump["owner"].as_str()),
        (Some("jumpbox01"), Some("TBD"))
    );
    // Whole tokens only: `contest-web` and `SQLDEV02` are production.
    assert_eq!(
        strs(workload(&plan, "contest-web"), "environments"),
        ["prod"]
    );
    assert_eq!(strs(workload(&plan, "sqldev02"), "environments"), ["prod"]);
    // Only non-production servers: data_gb 0 and the rest in nonprod_data_gb.
    let staging = workload(&plan, "hr-portal-2");
    assert_eq!(strs(staging, "environments"), ["staging"]);
    assert_eq!(
        (num(staging, "data_gb"), num(staging, "nonprod_data_gb")),
        (Some(0.0), Some(53.7))
    );
    // Production only: nonprod_data_gb is not written; keys the sources do not inform neither.
    let analytics = workload(&plan, "analytics");
    assert_eq!(num(analytics, "data_gb"), Some(3758.6));
    for key in [
        "nonprod_data_gb",
        "criticality",
        "max_downtime_hours",
        "replication",
    ] {
        assert!(analytics.get(key).is_none(), "{key}");
    }
    // The suspended VM is imported.
    assert_eq!(
        strs(workload(&plan, "monitoring"), "environments"),
        ["dev", "prod"]
    );

    // Dependencies: across workloads only; infrastructure ports only -> latency-tolerant;
    // a mix with another port (SMB 445 to the file server) stays direct.
    assert_eq!(
        strs(shop, "depends_on"),
        ["active-directory", "billing"],
        "FQDNs and other case match on the first DNS label"
    );
    assert_eq!(strs(shop, "latency_tolerant"), ["active-directory"]);
    let billing = workload(&plan, "billing");
    assert_eq!(
        strs(billing, "depends_on"),
        ["active-directory", "file-services", "hr-portal"]
    );
    assert_eq!(strs(billing, "latency_tolerant"), ["active-directory"]);
    assert_eq!(
        strs(workload(&plan, "monitoring"), "depends_on"),
        ["web-shop"]
    );
    // Connections to a powered-off VM or from a skipped one are ignored, counted.
    assert_contains(
        &r.stdout,
        "9 within one workload, 6 to or from skipped servers, 3 from servers outside the inventory",
    );
    assert_contains(
        &r.stdout,
        "dependencies: 6 direct, 3 latency-tolerant (from 65 connection rows)",
    );
    // External connections: by destination name, else IP; in the report and the note.
    for line in [
        "analytics -> ORA-FIN-01.corp.example: 3 rows, ports 1521",
        "web-shop -> 52.239.10.12: 3 rows, ports 443",
        "hr-portal -> payroll.partner.example: 3 rows, ports 443",
    ] {
        assert!(r.stdout.contains(line), "{line}\n{}", r.stdout);
    }
    let note = fs::read_to_string(dir.join("workloads/web-shop.md")).unwrap();
    assert_contains(
        &note,
        "| SHOP-DB-01 | prod | Microsoft Windows Server 2019 (64-bit) | 8 | 64 | 644.2 | 1030.8 |",
    );
    assert_contains(&note, "| 52.239.10.12 | 443 |  | shop-web-01 | 3 |");
    let print = fs::read_to_string(dir.join("workloads/print-scan.md")).unwrap();
    assert_contains(&print, "None found");
    assert_eq!(fs::read_dir(dir.join("workloads")).unwrap().count(), 13);
}

#[test]
fn import_check_build_end_to_end() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    let r = import_new(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir_s = dir.display().to_string();
    let check = run(&["check", &dir_s, "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let doc: Json = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(doc["errors"], 0, "{}", check.stdout);
    let placeholders: Vec<&Json> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W-placeholder")
        .collect();
    assert_eq!(placeholders.len(), 1, "{placeholders:?}");
    let text = fs::read_to_string(dir.join("plan.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l == "owner = \"TBD\"")
        .expect("the placeholder")
        + 1;
    assert_eq!(placeholders[0]["line"], line);
    assert_eq!(placeholders[0]["column"], 9);

    let site = tmp.path().join("site");
    let build = run(&["build", &dir_s, "-o", &site.display().to_string()]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let plan_json: Json =
        serde_json::from_slice(&fs::read(site.join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan_json["workloads"].as_array().unwrap().len(), 13);
    let page = fs::read_to_string(site.join("workloads/web-shop/index.html")).unwrap();
    assert!(page.contains("shop-web-dev-01"), "the note is on the page");
    assert!(page.contains("52.239.10.12"));
}

#[test]
fn servers_csv_joins_vms_and_its_values_win() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    let (rvtools, servers) = (fixture("rvtools.xlsx"), fixture("servers.csv"));
    let dir_s = dir.display().to_string();
    let r = run(&[
        "import",
        "--rvtools",
        &rvtools,
        "--servers",
        &servers,
        "-o",
        &dir_s,
        "--start",
        "2027-02-01",
        "--vpn-mbps",
        "500",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("servers read: 33 (30 RVTools VMs; 5 --servers rows, 2 joined to a VM)"),
        "{}",
        r.stdout
    );
    let plan = plan_of(&dir);
    // Without --group-by the workload column of --servers groups; a VM with no row is a
    // workload of its own.
    let shop = workload(&plan, "web-shop");
    assert_eq!(
        num(shop, "data_gb"),
        Some(850.0),
        "data_gb of --servers wins"
    );
    assert_eq!(shop["criticality"].as_str(), Some("high"));
    assert_eq!(shop["sensitivity"].as_str(), Some("confidential"));
    assert_eq!(shop["business_unit"].as_str(), Some("Sales"));
    let billing = workload(&plan, "billing");
    assert_eq!(billing["owner"].as_str(), Some("Carol Diaz"));
    assert_eq!(billing["criticality"].as_str(), Some("unit-critical"));
    assert_eq!(
        num(billing, "data_gb"),
        Some(1288.5),
        "no data_gb in the row: the VM's in-use size"
    );
    // Rows without a VM are servers of their own.
    let payroll = workload(&plan, "payroll");
    assert_eq!(strs(payroll, "environments"), ["prod", "test"]);
    assert_eq!(
        (num(payroll, "data_gb"), num(payroll, "nonprod_data_gb")),
        (Some(120.0), Some(12.5))
    );
    assert_eq!(payroll["owner"].as_str(), Some("Ivy Chen"));
    assert_eq!(
        workload(&plan, "mainframe-gateway")["criticality"].as_str(),
        Some("mission-critical")
    );
    assert!(workload(&plan, "shop-web-01")["name"].as_str() == Some("shop-web-01"));
    let check = run(&["check", &dir_s]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_network_without_a_secure_path_is_named_by_check() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    let dir_s = dir.display().to_string();
    let r = run(&[
        "import",
        "--servers",
        &fixture("servers.csv"),
        "-o",
        &dir_s,
        "--start",
        "2027-02-01",
        "--internet-mbps",
        "500",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let check = run(&["check", &dir_s, "--format", "json"]);
    assert_eq!(check.code, 1);
    let doc: Json = serde_json::from_str(&check.stdout).unwrap();
    let messages: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("payroll")),
        "{messages:?}"
    );
}

#[test]
fn powered_off_vms_on_request_and_min_count() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    let r = import_new(&dir, &["--include-powered-off", "--min-count", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_contains(&r.stdout, "skipped: 3 (2 templates, 1 SRM placeholder)");
    let plan = plan_of(&dir);
    let files = workload(&plan, "file-services");
    assert_eq!(num(files, "data_gb"), Some(10737.4), "fs02 counts now");
    assert_eq!(
        strs(workload(&plan, "legacy-crm"), "environments"),
        ["prod"]
    );
    // The jump box and the build server connect once: below --min-count 2.
    assert!(workload(&plan, "jumpbox01").get("depends_on").is_none());
    assert!(!r.stdout.contains("140.82.121.4"), "{}", r.stdout);
    assert_contains(&r.stdout, "2 in server pairs below --min-count");
    // The monitoring server's connection to the (now imported) old CRM counts.
    assert_eq!(
        strs(workload(&plan, "monitoring"), "depends_on"),
        ["legacy-crm", "web-shop"]
    );
}

#[test]
fn columns_for_environment_owner_and_group() {
    let tmp = TempDir::new().unwrap();
    let csv = tmp.path().join("servers.csv");
    fs::write(
        &csv,
        "Server,App,Tier,Team\nalpha1,Shop,Production,Ann\nalpha2,Shop,UAT,Bob\nalpha3,Shop,,Bob\nbeta-dev,,,\n",
    )
    .unwrap();
    let dir = tmp.path().join("plan");
    let r = run(&[
        "import",
        "--servers",
        &csv.display().to_string(),
        "--group-by",
        "app",
        "--env-by",
        " TIER ",
        "--owner-by",
        "Team",
        "-o",
        &dir.display().to_string(),
        "--start",
        "2027-02-01",
        "--vpn-mbps",
        "100",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan = plan_of(&dir);
    let shop = workload(&plan, "shop");
    // An empty environment value falls back to the name (alpha3: prod).
    assert_eq!(strs(shop, "environments"), ["prod", "production", "uat"]);
    assert_eq!(shop["owner"].as_str(), Some("Bob"));
    let beta = workload(&plan, "beta-dev");
    assert_eq!(strs(beta, "environments"), ["dev"]);
    assert_eq!(beta["owner"].as_str(), Some("TBD"));
}

#[test]
fn an_older_vinfo_csv_with_messy_headers() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    let r = run(&[
        "import",
        "--rvtools",
        &fixture("vinfo-old.csv"),
        "--group-by",
        "folder",
        "-o",
        &dir.display().to_string(),
        "--start",
        "2027-02-01",
        "--vpn-mbps",
        "100",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_contains(&r.stdout, "skipped: 1 (1 template)");
    let plan = plan_of(&dir);
    let shop = workload(&plan, "shop");
    assert_eq!(
        (num(shop, "data_gb"), num(shop, "nonprod_data_gb")),
        (Some(53.7), Some(10.7))
    );
    assert_eq!(shop["owner"].as_str(), Some("Ann Lee"));
}

/// The fixture plan edited by hand as a migration lead would.
fn hand_edit(dir: &Path) {
    let path = dir.join("plan.toml");
    let text = fs::read_to_string(&path).unwrap();
    let text = text
        .replacen(
            "[[workload]]\nid = \"web-shop\"\nname = \"Web Shop\"",
            "# The customer-facing shop: agreed with Sales on 2026-11-20.\n[[workload]]\nid = \"web-shop\"\nname = \"Contoso Web Shop\"",
            1,
        )
        .replacen(
            "data_gb = 816\n",
            "data_gb = 816 # measured, not from RVTools\nmax_downtime_hours = 4\n",
            1,
        )
        .replacen(
            "owner = \"TBD\"",
            "owner = \"Ian Wood\"   # jump hosts belong to the network team",
            1,
        )
        // A person rejects the monitoring dependency: it is a health probe.
        .replacen("depends_on = [\"web-shop\"]\n", "", 1)
        + "\n[import]\nignore_dependencies = [\"monitoring->web-shop\"]  # health probes only\n";
    fs::write(&path, text).unwrap();
}

#[test]
fn merge_keeps_comments_and_hand_edits_and_is_idempotent() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    assert_eq!(import_new(&dir, &[]).code, 0);
    hand_edit(&dir);
    let edited = fs::read_to_string(dir.join("plan.toml")).unwrap();
    let dir_s = dir.display().to_string();
    let (rvtools, deps, servers) = (
        fixture("rvtools.xlsx"),
        fixture("dependencies.csv"),
        fixture("servers.csv"),
    );
    let into = |format: &str| {
        run(&[
            "import",
            "--rvtools",
            &rvtools,
            "--dependencies",
            &deps,
            "--servers",
            &servers,
            "--group-by",
            "Application",
            "--into",
            &dir_s,
            "--format",
            format,
        ])
    };
    let r = into("text");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let merged = fs::read_to_string(dir.join("plan.toml")).unwrap();
    // Comments, hand edits, key order and the ignored dependency survive.
    for kept in [
        "# The customer-facing shop: agreed with Sales on 2026-11-20.\n[[workload]]\nid = \"web-shop\"\nname = \"Contoso Web Shop\"",
        "owner = \"Ian Wood\"   # jump hosts belong to the network team",
        "max_downtime_hours = 4\n",
        "ignore_dependencies = [\"monitoring->web-shop\"]  # health probes only",
        "# Created by `waveplan import`.",
    ] {
        assert!(merged.contains(kept), "lost: {kept}\n{merged}");
    }
    // data_gb updated (SHOP-DB-01 is 850 GB in --servers) with its trailing comment kept.
    assert_contains(&merged, "data_gb = 1021.8 # measured, not from RVTools\n");
    assert!(!merged.contains("depends_on = [\"web-shop\"]"), "{merged}");
    // The --servers rows without a VM are new workloads (no Application value: one per
    // server), appended after the last workload and before [import].
    let at = |text: &str| {
        merged
            .find(text)
            .unwrap_or_else(|| panic!("{text}\n{merged}"))
    };
    assert!(at("id = \"analytics\"") < at("id = \"payroll-db\""));
    assert!(at("id = \"payroll-db\"") < at("[import]"));
    assert!(dir.join("workloads/payroll-db.md").exists());
    assert_contains(&r.stdout, "  web-shop: data_gb 816 -> 1021.8");
    assert_contains(
        &r.stdout,
        "monitoring -> web-shop: direct, 3 rows, ports 10050 (in [import] ignore_dependencies: not added)",
    );
    // Only the keys section 12 allows change: criticality from --servers is not written
    // into an existing workload.
    let plan = plan_of(&dir);
    assert!(workload(&plan, "web-shop").get("criticality").is_none());
    assert_eq!(
        workload(&plan, "payroll-db")["criticality"].as_str(),
        Some("high")
    );
    assert_ne!(merged, edited);

    // The same import again changes nothing, byte for byte.
    let again = into("json");
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(fs::read_to_string(dir.join("plan.toml")).unwrap(), merged);
    let report: Json = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(report["workloads"]["created"].as_array().unwrap().len(), 0);
    assert_eq!(report["workloads"]["updated"].as_array().unwrap().len(), 0);
    assert_eq!(report["written"].as_array().unwrap().len(), 0);
    assert_eq!(report["mode"], "into");
    let check = run(&["check", &dir_s]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn merge_adds_environments_and_dependencies_and_never_removes() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("plan");
    fs::create_dir_all(&dir).unwrap();
    let before = "\
[plan]
title = \"Contoso exit\"   # the board's name for it
start = 2027-03-01

[network]
vpn_mbps = 650

[[workload]]
id = \"billing\"
name = \"Billing (SAP FI)\"
owner = \"Carol Diaz\"
criticality = \"high\"
data_gb = 1000    # from the storage report
depends_on = [
    \"mainframe\",
]

[[workload]]
id = \"mainframe\"
name = \"Mainframe\"
owner = \"Hal Ortiz\"
data_gb = 5
";
    fs::write(dir.join("plan.toml"), before).unwrap();
    let r = run(&[
        "import",
        "--rvtools",
        &fixture("rvtools.xlsx"),
        "--dependencies",
        &fixture("dependencies.csv"),
        "--group-by",
        "Application",
        "--into",
        &dir.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Json = serde_json::from_str(&r.stdout).unwrap();
    let after = fs::read_to_string(dir.join("plan.toml")).unwrap();
    assert!(after.starts_with(
        "[plan]\ntitle = \"Contoso exit\"   # the board's name for it\nstart = 2027-03-01\n"
    ));
    let plan = plan_of(&dir);
    let billing = workload(&plan, "billing");
    assert_eq!(billing["name"].as_str(), Some("Billing (SAP FI)"));
    // Absent environments meant ["prod"]: kept, qa added.
    assert_eq!(strs(billing, "environments"), ["prod", "qa"]);
    assert_eq!(
        strs(billing, "depends_on"),
        [
            "mainframe",
            "active-directory",
            "file-services",
            "hr-portal"
        ]
    );
    assert_eq!(strs(billing, "latency_tolerant"), ["active-directory"]);
    assert_eq!(num(billing, "nonprod_data_gb"), Some(32.2));
    assert_contains(&after, "data_gb = 1417.3    # from the storage report\n");
    // Workloads whose servers are gone are reported, not deleted.
    assert_eq!(
        workload(&plan, "mainframe")["owner"].as_str(),
        Some("Hal Ortiz")
    );
    assert_eq!(
        report["workloads"]["not_in_sources"],
        serde_json::json!(["mainframe"])
    );
    let updated = &report["workloads"]["updated"][0];
    assert_eq!(updated["id"], "billing");
    let keys: Vec<&str> = updated["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "data_gb",
            "nonprod_data_gb",
            "environments",
            "depends_on",
            "latency_tolerant"
        ]
    );
    assert_eq!(updated["changes"][0]["from"], 1000.0);
    assert_eq!(updated["changes"][0]["to"], 1417.3);
    assert_eq!(report["workloads"]["created"].as_array().unwrap().len(), 12);
    assert!(
        !dir.join("workloads/billing.md").exists(),
        "notes for new workloads only"
    );
    assert!(dir.join("workloads/web-shop.md").exists());
}

/// Runs an import that must fail: exit 1, the message and help expected, nothing written.
fn fails(args: &[&str], dir: &Path, message: &str, help: &str) {
    let before = fs::read(dir.join("plan.toml")).ok();
    let existed = dir.exists();
    let r = run(args);
    assert_eq!(r.code, 1, "{args:?}\n{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains(message), "{message}\n{}", r.stderr);
    assert!(r.stderr.contains(help), "{help}\n{}", r.stderr);
    assert_contains(&r.stderr, "nothing was written");
    assert_eq!(
        fs::read(dir.join("plan.toml")).ok(),
        before,
        "plan.toml unchanged"
    );
    if !existed {
        assert!(!dir.exists(), "{} was created", dir.display());
    }
}

/// The source file of an error case.
enum Source {
    /// Not written: the path names nothing.
    Absent,
    Csv(String),
    /// A workbook: each sheet's name and rows.
    Book(&'static [(&'static str, &'static [&'static [&'static str]])]),
}

impl Source {
    fn write(&self, path: &Path) {
        match self {
            Source::Absent => {}
            Source::Csv(text) => fs::write(path, text).unwrap(),
            Source::Book(sheets) => {
                let mut book = rust_xlsxwriter::Workbook::new();
                for (name, rows) in *sheets {
                    let sheet = book.add_worksheet().set_name(*name).unwrap();
                    for (r, row) in rows.iter().enumerate() {
                        sheet.write_row(r as u32, 0, row.iter().copied()).unwrap();
                    }
                }
                book.save(path).unwrap();
            }
        }
    }
}

#[test]
fn every_error_names_its_place_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let t = |name: &str| tmp.path().join(name).display().to_string();
    let new = tmp.path().join("new");
    let new_s = new.display().to_string();
    let to_new = ["-o", &new_s, "--start", "2027-02-01", "--vpn-mbps", "100"];
    let with = |source: &[&str]| -> Vec<String> {
        let mut args = vec!["import".to_string()];
        args.extend(source.iter().map(|s| s.to_string()));
        args.extend(to_new.iter().map(|s| s.to_string()));
        args
    };
    let check = |source: &[&str], message: &str, help: &str| {
        let args = with(source);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fails(&args, &new, message, help);
    };

    // Each case: the option, the file it reads and what it holds, the message and help.
    // Dependency exports are read beside the fixture server list.
    let csv = |text: &str| Source::Csv(text.to_string());
    let cases = [
        // A missing file.
        (
            "--rvtools",
            "nope.xlsx",
            Source::Absent,
            "nope.xlsx does not exist",
            "check the path",
        ),
        // A workbook without the vInfo sheet.
        (
            "--rvtools",
            "nosheet.xlsx",
            Source::Book(&[("vHost", &[]), ("vInf", &[])]),
            "nosheet.xlsx has no sheet `vInfo` (sheets found: `vHost`, `vInf`)",
            "the closest sheet is `vInf`",
        ),
        // A missing column, naming the closest header.
        (
            "--servers",
            "servers.csv",
            csv("Servr,workload\nweb01,Shop\n"),
            "servers.csv has no column `server`",
            "the closest header found is `Servr`",
        ),
        (
            "--rvtools",
            "old.xlsx",
            Source::Book(&[("vInfo", &[&["VM", "Powerstate", "In Use"]])]),
            "old.xlsx, sheet vInfo has no column `In Use MiB` or `In Use MB`",
            "the closest header found is `In Use`",
        ),
        // A size that is not a number: the file and row.
        (
            "--servers",
            "sizes.csv",
            csv("server,data_gb\nweb01,12\nweb02,12 GB\n"),
            "sizes.csv, line 3: column `data_gb` holds `12 GB`, expected a number",
            "write a plain number",
        ),
        (
            "--rvtools",
            "nan.xlsx",
            Source::Book(&[(
                "vInfo",
                &[&["VM", "In Use MiB"], &["web01", "1024"], &["web02", "n/a"]],
            )]),
            "nan.xlsx, sheet vInfo, row 3: column `In Use MiB` holds `n/a`, expected a number",
            "write a plain number",
        ),
        // A value of plan.toml misspelt.
        (
            "--servers",
            "crit.csv",
            csv("server,criticality\nweb01,hgh\n"),
            "crit.csv, line 2: column `criticality` holds `hgh`",
            "use one of low, medium, high",
        ),
        // A dependency export without its columns, and with a bad port.
        (
            "--dependencies",
            "deps.csv",
            csv("Source server,Destination server name\n"),
            "deps.csv has no column `Source server name`",
            "the closest header found is `Source server`",
        ),
        (
            "--dependencies",
            "ports.csv",
            csv(&format!(
                "{}\nslot,a,,,,b,10.0.0.1,,,https\n",
                import_fixtures::DEPENDENCY_HEADER
            )),
            "ports.csv, line 2: column `Destination port` holds `https`",
            "export the dependencies again",
        ),
    ];
    let servers = fixture("servers.csv");
    for (option, file, source, message, help) in cases {
        source.write(Path::new(&t(file)));
        let path = t(file);
        let mut args = vec![option, path.as_str()];
        if option == "--dependencies" {
            args.splice(0..0, ["--servers", servers.as_str()]);
        }
        check(&args, message, help);
    }
    // Not a regular file: a FIFO is refused, never opened (it would block).
    let fifo = t("export.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        check(&["--rvtools", &fifo], "export.csv: a FIFO", "regular file");
    }
    // A column named by an option that no source has.
    check(
        &[
            "--rvtools",
            &fixture("rvtools.xlsx"),
            "--group-by",
            "Aplication",
        ],
        "--group-by `Aplication`",
        "the closest header found is `Application`",
    );
    // -o onto an existing plan; --into a folder without one.
    let existing = tmp.path().join("existing");
    fs::create_dir_all(&existing).unwrap();
    fs::write(existing.join("plan.toml"), "# mine\n").unwrap();
    fails(
        &[
            "import",
            "--servers",
            &fixture("servers.csv"),
            "-o",
            &existing.display().to_string(),
            "--start",
            "2027-02-01",
            "--vpn-mbps",
            "1",
        ],
        &existing,
        "already holds a plan",
        "--into",
    );
    let empty = tmp.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    fails(
        &[
            "import",
            "--servers",
            &fixture("servers.csv"),
            "--into",
            &empty.display().to_string(),
        ],
        &empty,
        "plan.toml does not exist",
        "create one with -o",
    );
    assert!(!empty.join("workloads").exists());
}

#[test]
fn usage_errors_exit_2() {
    let servers = fixture("servers.csv");
    for args in [
        vec![
            "import",
            "--servers",
            &servers,
            "-o",
            "x",
            "--vpn-mbps",
            "1",
        ],
        vec![
            "import",
            "--servers",
            &servers,
            "-o",
            "x",
            "--start",
            "2027-02-01",
        ],
        vec![
            "import",
            "-o",
            "x",
            "--start",
            "2027-02-01",
            "--vpn-mbps",
            "1",
        ],
        vec!["import", "--servers", &servers],
        vec![
            "import",
            "--servers",
            &servers,
            "--into",
            "x",
            "--vpn-mbps",
            "1",
        ],
        vec![
            "import",
            "--servers",
            &servers,
            "--into",
            "x",
            "--min-count",
            "0",
        ],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(!Path::new("x").exists());
    }
}

#[test]
fn check_warns_of_placeholders_and_unknown_ignored_ids() {
    let tmp = TempDir::new().unwrap();
    fs::write(
        tmp.path().join("plan.toml"),
        "[plan]\ntitle = \"TBD\"\nstart = 2027-02-01\n\n[network]\nvpn_mbps = 100\n\n\
         [[workload]]\nid = \"crm\"\nname = \"TBD\"\nowner = \"TBD\"\ndescription = \"TBD\"\ndata_gb = 1\n\n\
         [import]\nignore_dependencies = [\"monitoring->crn\"]\n",
    )
    .unwrap();
    let check = run(&[
        "check",
        &tmp.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let doc: Json = serde_json::from_str(&check.stdout).unwrap();
    let found: Vec<(String, u64, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "W-downtime")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // Required keys only: `description` is optional, so its "TBD" is just text.
    assert_eq!(
        found,
        [
            ("W-placeholder".to_string(), 2, 9),
            ("W-placeholder".to_string(), 10, 8),
            ("W-placeholder".to_string(), 11, 9),
            ("W-import-ignore".to_string(), 16, 24),
            ("W-import-ignore".to_string(), 16, 24),
        ]
    );
    let texts = check.stdout;
    assert_contains(&texts, "did you mean `crm`?");
}
