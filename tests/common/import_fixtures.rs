//! The import fixtures, generated: a realistic RVTools workbook (the vInfo column set of
//! RVTools 4.x, custom attributes, templates, an SRM placeholder, powered-off and suspended
//! VMs, dev/test/prod naming), an Azure Migrate dependency export and a plain server list;
//! and large synthetic exports for the benchmark. Used by `examples/make_import_fixtures.rs`
//! (which writes `tests/fixtures/import/`) and by `tests/import.rs` (which checks that the
//! committed files are what this code generates).
#![allow(dead_code)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

/// The vInfo headers of RVTools 4.x up to `Annotation`; custom attribute columns follow it.
const VINFO_HEAD: &[&str] = &[
    "VM",
    "Powerstate",
    "Template",
    "SRM Placeholder",
    "Config status",
    "DNS Name",
    "Connection state",
    "Guest state",
    "Heartbeat",
    "Consolidation Needed",
    "PowerOn",
    "Suspended To Memory",
    "Suspend time",
    "Creation date",
    "Change Version",
    "CPUs",
    "Memory",
    "NICs",
    "Disks",
    "Total disk capacity MiB",
    "min Required EVC Mode Key",
    "Latency Sensitivity",
    "EnableUUID",
    "CBT",
    "Primary IP Address",
    "Network #1",
    "Network #2",
    "Num Monitors",
    "Video Ram KiB",
    "Resource pool",
    "Folder ID",
    "Folder",
    "vApp",
    "DAS protection",
    "FT State",
    "FT Latency",
    "FT Bandwidth",
    "FT Sec. Latency",
    "Provisioned MiB",
    "In Use MiB",
    "Unshared MiB",
    "HA Restart Priority",
    "HA Isolation Response",
    "HA VM Monitoring",
    "Cluster rule(s)",
    "Cluster rule name(s)",
    "Boot Required",
    "Boot delay",
    "Boot retry delay",
    "Boot retry enabled",
    "Boot BIOS setup",
    "Reboot PowerOff",
    "EFI Secure boot",
    "Firmware",
    "HW version",
    "HW upgrade status",
    "HW upgrade policy",
    "HW target",
    "Path",
    "Log directory",
    "Snapshot directory",
    "Suspend directory",
    "Annotation",
];
/// Custom attributes, as vCenter admins define them.
const ATTRIBUTES: &[&str] = &["Application", "Owner", "Backup Policy"];
const VINFO_TAIL: &[&str] = &[
    "Datacenter",
    "Cluster",
    "Host",
    "OS according to the configuration file",
    "OS according to the VMware Tools",
    "Customization Info",
    "Guest Detailed Data",
    "VM ID",
    "SMBIOS UUID",
    "VM UUID",
    "VI SDK Server type",
    "VI SDK API Version",
    "VI SDK Server",
    "VI SDK UUID",
];

/// One VM of the fixture estate.
pub struct Vm {
    pub name: &'static str,
    pub power: &'static str,
    pub template: bool,
    pub srm: bool,
    pub cpus: u32,
    pub memory_mib: u32,
    pub provisioned_mib: f64,
    pub in_use_mib: f64,
    pub ip: &'static str,
    pub folder: &'static str,
    pub application: &'static str,
    pub owner: &'static str,
    pub datacenter: &'static str,
    pub cluster: &'static str,
    pub os: &'static str,
}

const WIN: &str = "Microsoft Windows Server 2019 (64-bit)";
const WIN22: &str = "Microsoft Windows Server 2022 (64-bit)";
const RHEL: &str = "Red Hat Enterprise Linux 8 (64-bit)";

/// name, power state, CPUs, memory GiB, in use GiB, IP, folder, Application, Owner, OS.
type VmRow = (
    &'static str,
    &'static str,
    u32,
    u32,
    f64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn vm(row: VmRow) -> Vm {
    let (name, power, cpus, memory_gib, in_use_gib, ip, folder, application, owner, os) = row;
    Vm {
        name,
        power,
        template: false,
        srm: false,
        cpus,
        memory_mib: memory_gib * 1024,
        provisioned_mib: in_use_gib * 1024.0 * 1.6,
        in_use_mib: in_use_gib * 1024.0,
        ip,
        folder,
        application,
        owner,
        datacenter: "AMS-DC1",
        cluster: "AMS-PROD-CL01",
        os,
    }
}

/// The estate: 30 VMs of a mid-sized company.
#[rustfmt::skip]
pub fn estate() -> Vec<Vm> {
    let on = "poweredOn";
    let mut vms = vec![
        vm(("shop-web-01", on, 4, 16, 80.0, "10.1.10.11", "Prod/Web Shop", "Web Shop", "Ann Lee", WIN)),
        vm(("shop-web-02", on, 4, 16, 80.0, "10.1.10.12", "Prod/Web Shop", "Web Shop", "Ann Lee", WIN)),
        vm(("SHOP-DB-01", on, 8, 64, 600.0, "10.1.10.21", "Prod/Web Shop", "Web Shop", "Bob Marsh", WIN)),
        vm(("shop-web-dev-01", on, 2, 8, 40.0, "10.2.10.11", "Dev/Web Shop", "Web Shop", "Bob Marsh", WIN)),
        vm(("shop-tst-web01", on, 2, 8, 40.0, "10.3.10.11", "Test/Web Shop", "Web Shop", "", WIN)),
        vm(("shop-db-uat", on, 4, 32, 300.0, "10.3.10.21", "Test/Web Shop", "Web Shop", "", WIN)),
        vm(("BILL-APP-01", on, 4, 16, 60.0, "10.1.20.11", "Prod/Billing", "Billing", "Carol Diaz", RHEL)),
        vm(("BILL-APP-02", on, 4, 16, 60.0, "10.1.20.12", "Prod/Billing", "Billing", "Carol Diaz", RHEL)),
        vm(("bill-sql-01", on, 8, 64, 1200.0, "10.1.20.21", "Prod/Billing", "Billing", "", WIN)),
        vm(("bill-app-qa-01", on, 2, 8, 30.0, "10.3.20.11", "Test/Billing", "Billing", "Dev Team", RHEL)),
        vm(("hr-web-01", on, 2, 8, 50.0, "10.1.30.11", "Prod/HR", "HR Portal", "Eve Stone", WIN22)),
        vm(("hr-sql-01", on, 4, 32, 400.0, "10.1.30.21", "Prod/HR", "HR Portal", "Eve Stone", WIN22)),
        vm(("hr-web-stg-01", on, 2, 8, 50.0, "10.3.30.11", "Test/HR", "HR portal", "Eve Stone", WIN22)),
        vm(("dc01", on, 2, 8, 60.0, "10.1.0.10", "Infrastructure", "Active Directory", "Infra Team", WIN22)),
        vm(("dc02", on, 2, 8, 60.0, "10.1.0.11", "Infrastructure", "Active Directory", "Infra Team", WIN22)),
        vm(("fs01", on, 4, 16, 8000.0, "10.1.0.20", "Infrastructure", "File Services", "Infra Team", WIN)),
        vm(("fs02", "poweredOff", 4, 16, 2000.0, "", "Infrastructure", "File Services", "Infra Team", WIN)),
        vm(("mon01", on, 4, 16, 200.0, "10.1.0.30", "Infrastructure", "Monitoring", "Infra Team", RHEL)),
        vm(("mon-dev-01", "suspended", 2, 4, 20.0, "", "Dev/Infrastructure", "Monitoring", "Infra Team", RHEL)),
        vm(("old-crm-01", "poweredOff", 4, 16, 300.0, "", "Retired", "Legacy CRM", "", WIN)),
        vm(("jumpbox01", on, 2, 4, 40.0, "10.1.0.40", "Infrastructure", "", "", WIN22)),
        vm(("contest-web", on, 2, 4, 25.0, "10.1.40.11", "Marketing", "", "Fay Hill", RHEL)),
        vm(("SQLDEV02", on, 4, 16, 150.0, "10.1.40.21", "Marketing", "", "Fay Hill", WIN)),
        vm(("tpl-win2019", "poweredOff", 2, 4, 20.0, "", "Templates", "", "", WIN)),
        vm(("tpl-rhel8", "poweredOff", 2, 4, 10.0, "", "Templates", "", "", RHEL)),
        vm(("BILL-APP-01", "poweredOff", 4, 16, 0.0, "", "Recovery/Billing", "Billing", "", RHEL)),
        vm(("print01", on, 2, 4, 12.5, "10.1.0.50", "Infrastructure", "Print | Scan", "Infra Team", WIN)),
        vm(("ci-build-01", on, 8, 32, 500.0, "10.2.0.60", "Dev/Tools", "Build Farm", "Dev Team", RHEL)),
        vm(("ci-build-02", on, 8, 32, 500.0, "10.2.0.61", "Dev/Tools", "Build Farm", "Dev Team", RHEL)),
        vm(("analytics-01", on, 16, 128, 3500.5, "10.1.50.11", "Prod/Analytics", "Analytics", "Gus Park", RHEL)),
    ];
    vms[23].template = true;
    vms[24].template = true;
    // The recovery site's placeholder of BILL-APP-01 (SRM): same name, not a VM to move.
    vms[25].srm = true;
    vms[25].datacenter = "RTM-DC2";
    vms[25].cluster = "RTM-DR-CL01";
    vms
}

/// An RVTools workbook of `vms`, with the vInfo sheet third, as an export may have it.
pub fn workbook(vms: &[Vm]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let when = ExcelDateTime::from_ymd(2026, 11, 2)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&when)
            .set_author("RVTools"),
    );
    let source = book.add_worksheet().set_name("vSource")?;
    source.write_row(
        0,
        0,
        ["Name", "OS type", "API type", "API version", "Version"],
    )?;
    source.write_row(
        1,
        0,
        [
            "vcenter01.contoso.local",
            "linux-x64",
            "VirtualCenter",
            "8.0.2.0",
            "8.0.2",
        ],
    )?;
    let host = book.add_worksheet().set_name("vHost")?;
    host.write_row(0, 0, ["Host", "Datacenter", "Cluster", "# CPU", "# Memory"])?;
    host.write_row(
        1,
        0,
        [
            "esx01.contoso.local",
            "AMS-DC1",
            "AMS-PROD-CL01",
            "2",
            "786432",
        ],
    )?;
    let info = book.add_worksheet().set_name("vInfo")?;
    let headers: Vec<&str> = VINFO_HEAD
        .iter()
        .chain(ATTRIBUTES)
        .chain(VINFO_TAIL)
        .copied()
        .collect();
    info.write_row(0, 0, headers.iter().copied())?;
    for (i, vm) in vms.iter().enumerate() {
        write_vm(info, &headers, i as u32 + 1, vm)?;
    }
    let partition = book.add_worksheet().set_name("vPartition")?;
    partition.write_row(0, 0, ["VM", "Disk", "Capacity MiB", "Consumed MiB"])?;
    book.save_to_buffer()
}

fn write_vm(sheet: &mut Worksheet, headers: &[&str], row: u32, vm: &Vm) -> Result<(), XlsxError> {
    for (column, header) in headers.iter().enumerate() {
        let column = column as u16;
        // RVTools writes booleans as the text True/False.
        let flag = |b: bool| if b { "True" } else { "False" };
        match *header {
            "VM" => sheet.write_string(row, column, vm.name)?,
            "Powerstate" => sheet.write_string(row, column, vm.power)?,
            "Template" => sheet.write_string(row, column, flag(vm.template))?,
            "SRM Placeholder" => sheet.write_boolean(row, column, vm.srm)?,
            "Config status" | "Heartbeat" => sheet.write_string(row, column, "green")?,
            "DNS Name" if !vm.ip.is_empty() => sheet.write_string(
                row,
                column,
                format!("{}.contoso.local", vm.name.to_lowercase()),
            )?,
            "Connection state" => sheet.write_string(row, column, "connected")?,
            "Guest state" => sheet.write_string(
                row,
                column,
                if vm.power == "poweredOn" {
                    "running"
                } else {
                    "notRunning"
                },
            )?,
            "CPUs" => sheet.write_number(row, column, vm.cpus)?,
            "Memory" => sheet.write_number(row, column, vm.memory_mib)?,
            "NICs" | "Disks" | "Num Monitors" => sheet.write_number(row, column, 1)?,
            "Total disk capacity MiB" | "Provisioned MiB" => {
                sheet.write_number(row, column, vm.provisioned_mib)?
            }
            "In Use MiB" | "Unshared MiB" => sheet.write_number(row, column, vm.in_use_mib)?,
            "Primary IP Address" => sheet.write_string(row, column, vm.ip)?,
            "Network #1" => sheet.write_string(row, column, "VLAN-110")?,
            "Folder" => sheet.write_string(row, column, vm.folder)?,
            "Firmware" => sheet.write_string(row, column, "efi")?,
            "HW version" => sheet.write_string(row, column, "vmx-19")?,
            "Path" => sheet.write_string(row, column, format!("[vsan01] {0}/{0}.vmx", vm.name))?,
            "Annotation" if vm.template => sheet.write_string(
                row,
                column,
                "Golden image, patched monthly.\nDo not power on.",
            )?,
            "Application" => sheet.write_string(row, column, vm.application)?,
            "Owner" => sheet.write_string(row, column, vm.owner)?,
            "Backup Policy" => sheet.write_string(row, column, "Gold")?,
            "Datacenter" => sheet.write_string(row, column, vm.datacenter)?,
            "Cluster" => sheet.write_string(row, column, vm.cluster)?,
            "Host" => sheet.write_string(row, column, "esx01.contoso.local")?,
            "OS according to the configuration file" | "OS according to the VMware Tools" => {
                sheet.write_string(row, column, vm.os)?
            }
            "VM ID" => sheet.write_string(row, column, format!("vm-{}", 1000 + row))?,
            "VI SDK Server" => sheet.write_string(row, column, "vcenter01.contoso.local")?,
            _ => sheet,
        };
    }
    Ok(())
}

pub const DEPENDENCY_HEADER: &str = "Time slot,Source server name,Source IP,Source application,Source process,Destination server name,Destination IP,Destination application,Destination process,Destination port";

/// source, source IP, source process, destination, destination IP, destination application,
/// destination process, port.
type ConnectionRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u16,
);

/// An Azure Migrate dependency export: BOM, CRLF, a leading `Time slot` column, a quoted
/// multi-line cell, FQDNs and other case, infrastructure and database ports, and addresses
/// outside the inventory.
pub fn dependencies_csv() -> String {
    #[rustfmt::skip]
    let rows: &[ConnectionRow] = &[
        // (source, source ip, source process, destination, destination ip, application, process, port)
        ("shop-web-01.contoso.local", "10.1.10.11", "w3wp.exe", "SHOP-DB-01", "10.1.10.21", "SQL Server", "sqlservr.exe", 1433),
        ("shop-web-01.contoso.local", "10.1.10.11", "w3wp.exe", "bill-app-01.contoso.local", "10.1.20.11", "Billing API", "java", 443),
        ("shop-web-02", "10.1.10.12", "w3wp.exe", "BILL-APP-01", "10.1.20.11", "Billing API", "java", 443),
        ("shop-web-02", "10.1.10.12", "lsass.exe", "dc01", "10.1.0.10", "Active Directory", "lsass.exe", 389),
        ("shop-web-02", "10.1.10.12", "svchost.exe", "dc02", "10.1.0.11", "DNS Server", "dns.exe", 53),
        ("shop-web-01", "10.1.10.11", "lsass.exe", "DC01.contoso.local", "10.1.0.10", "Active Directory", "lsass.exe", 88),
        ("BILL-APP-01", "10.1.20.11", "java", "bill-sql-01", "10.1.20.21", "SQL Server", "sqlservr.exe", 1433),
        ("BILL-APP-02", "10.1.20.12", "java", "hr-sql-01", "10.1.30.21", "SQL Server", "sqlservr.exe", 1433),
        ("BILL-APP-01", "10.1.20.11", "sssd", "dc01", "10.1.0.10", "Active Directory", "lsass.exe", 389),
        ("BILL-APP-01", "10.1.20.11", "mount.cifs", "fs01", "10.1.0.20", "File Server", "System", 445),
        ("bill-app-01", "10.1.20.11", "sssd", "dc01", "10.1.0.10", "Active Directory", "lsass.exe", 636),
        ("hr-web-01", "10.1.30.11", "w3wp.exe", "hr-sql-01", "10.1.30.21", "SQL Server", "sqlservr.exe", 1433),
        ("hr-web-01", "10.1.30.11", "lsass.exe", "dc02", "10.1.0.11", "Active Directory", "lsass.exe", 464),
        ("hr-web-01", "10.1.30.11", "w3wp.exe", "payroll.partner.example", "203.0.113.40", "", "", 443),
        ("shop-web-01", "10.1.10.11", "w3wp.exe", "", "52.239.10.12", "", "", 443),
        ("mon01", "10.1.0.30", "zabbix_server", "shop-web-01", "10.1.10.11", "", "zabbix_agentd", 10050),
        ("mon01", "10.1.0.30", "zabbix_server", "old-crm-01", "10.1.60.11", "", "zabbix_agentd", 10050),
        ("laptop-0231", "10.9.1.31", "chrome.exe", "shop-web-01", "10.1.10.11", "IIS", "w3wp.exe", 443),
        ("fs02", "10.1.0.21", "robocopy.exe", "fs01", "10.1.0.20", "File Server", "System", 445),
        ("jumpbox01", "10.1.0.40", "mstsc.exe", "bill-app-01", "10.1.20.11", "", "xrdp", 3389),
        ("analytics-01", "10.1.50.11", "spark-submit\n--master yarn", "bill-sql-01", "10.1.20.21", "SQL Server", "sqlservr.exe", 1433),
        ("analytics-01", "10.1.50.11", "python3", "ORA-FIN-01.corp.example", "10.8.0.15", "Oracle", "tnslsnr", 1521),
        ("ci-build-01", "10.2.0.60", "git", "", "140.82.121.4", "", "", 22),
    ];
    let mut out = String::from("\u{feff}");
    out.push_str(DEPENDENCY_HEADER);
    out.push_str("\r\n");
    // Azure Migrate writes one row per connection and hourly time slot: three slots here.
    for slot in ["2026-10-26 09:00", "2026-10-26 10:00", "2026-10-26 11:00"] {
        for (i, row) in rows.iter().enumerate() {
            // The jump box and the build server connect once only (for --min-count).
            if (row.0 == "jumpbox01" || row.0 == "ci-build-01") && !slot.ends_with("09:00") {
                continue;
            }
            let _ = i;
            out.push_str(&format!(
                "{slot},{},{},{},{},{},{},{},{},{}\r\n",
                row.0,
                row.1,
                "",
                quote(row.2),
                row.3,
                row.4,
                quote(row.5),
                row.6,
                row.7
            ));
        }
    }
    out
}

fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A plain `--servers` inventory: one row joins an RVTools VM (by FQDN, other case), the
/// others are servers RVTools does not see (physical, or another hypervisor).
pub fn servers_csv() -> String {
    "server,workload,environment,data_gb,owner,business_unit,criticality,sensitivity\n\
     SHOP-DB-01.contoso.local,Web Shop,prod,850,Bob Marsh,Sales,high,confidential\n\
     bill-sql-01,Billing,prod,,Carol Diaz,Finance,unit-critical,highly-confidential\n\
     mainframe-gw,Mainframe Gateway,prod,40,Hal Ortiz,Finance,mission-critical,\n\
     payroll-db-tst,Payroll,test,12.5,,HR,,confidential\n\
     payroll-db,Payroll,,120,Ivy Chen,HR,high,confidential\n"
        .to_string()
}

/// The vInfo sheet saved as CSV by an older RVTools (`MB` columns), with messy headers
/// (other case, stray spaces) and booleans as text.
pub fn vinfo_csv() -> String {
    "VM ,POWERSTATE,template,SRM Placeholder, CPUs ,Memory,In Use MB,Provisioned MB,OS according to the configuration file,Folder,Owner\r\n\
     web-01,poweredOn,FALSE,FALSE,2,4096,51200,81920,Microsoft Windows Server 2016 (64-bit),Shop,Ann Lee\r\n\
     web-dev-01,poweredOn,FALSE,FALSE,2,4096,10240,20480,Microsoft Windows Server 2016 (64-bit),Shop,\r\n\
     tpl-old,poweredOff,TRUE,FALSE,1,2048,1024,4096,,Templates,\r\n"
        .to_string()
}

/// A large estate for the benchmark: `vms` VMs in groups of 5 (`app-N`), and `rows`
/// connection rows between them (a tenth to infrastructure ports, a twentieth external).
pub fn scale(vms: usize, rows: usize) -> Result<(Vec<u8>, String), XlsxError> {
    let names: Vec<String> = (0..vms)
        .map(|i| {
            let env = ["prod", "prod", "prod", "dev", "tst"][i % 5];
            format!("app{}-{env}-{:02}", i / 5, i % 5)
        })
        .collect();
    let apps: Vec<String> = (0..vms).map(|i| format!("App {}", i / 5)).collect();
    let estate: Vec<Vm> = names
        .iter()
        .zip(&apps)
        .enumerate()
        .map(|(i, (name, app))| Vm {
            name: leak(name),
            power: if i % 50 == 7 {
                "poweredOff"
            } else {
                "poweredOn"
            },
            template: i % 97 == 3,
            srm: false,
            cpus: 4,
            memory_mib: 16384,
            provisioned_mib: 204800.0,
            in_use_mib: 51200.0 + (i % 13) as f64 * 1024.0,
            ip: "10.0.0.1",
            folder: "Prod",
            application: leak(app),
            owner: ["Ann Lee", "Bob Marsh", ""][i % 3],
            datacenter: "DC1",
            cluster: "CL1",
            os: WIN,
        })
        .collect();
    let book = workbook(&estate)?;
    let mut csv = String::with_capacity(rows * 120);
    csv.push_str(DEPENDENCY_HEADER);
    csv.push('\n');
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..rows {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let from = (state % vms as u64) as usize;
        let to = ((state >> 20) % vms as u64) as usize;
        let kind = (state >> 40) % 20;
        let (destination, port) = match kind {
            0 => ("partner.example".to_string(), 443),
            1 | 2 => (names[to].clone(), 389),
            _ => (names[to].clone(), 1433),
        };
        csv.push_str(&format!(
            "2026-10-26 {:02}:00,{},10.0.0.1,,svc,{destination},10.0.0.2,,svc,{port}\n",
            kind, names[from]
        ));
    }
    Ok((book, csv))
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_string().into_boxed_str())
}
