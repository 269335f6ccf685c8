//! Roles and the permission table: which role may do what without a manager override.

use serde::{Deserialize, Serialize};

/// A user's role in the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Cashier,
    Manager,
    Technician,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
            Role::Technician => "technician",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "cashier" => Some(Role::Cashier),
            "manager" => Some(Role::Manager),
            "technician" => Some(Role::Technician),
            _ => None,
        }
    }
}

/// Something a user may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    Sell,
    ParkRecall,
    VoidLine,
    LineDiscount,
    TicketDiscount,
    PriceOverride,
    Refund,
    NoSale,
    OpenShift,
    CashInOut,
    CloseShift,
    XReport,
    ZReport,
    ManageCatalog,
    ManageUsers,
    UnlockLogin,
    ChangeSettings,
    ManageDevices,
    ViewAudit,
    /// Open the back office (its sections then check their own permission).
    OpenBackOffice,
    /// The store's identity (names, tax id, address, receipt lines).
    ManageStore,
    /// Scan products into an open stock count (blind).
    CountStock,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Sell => "sell",
            Permission::ParkRecall => "park-recall",
            Permission::VoidLine => "void-line",
            Permission::LineDiscount => "line-discount",
            Permission::TicketDiscount => "ticket-discount",
            Permission::PriceOverride => "price-override",
            Permission::Refund => "refund",
            Permission::NoSale => "no-sale",
            Permission::OpenShift => "open-shift",
            Permission::CashInOut => "cash-in-out",
            Permission::CloseShift => "close-shift",
            Permission::XReport => "x-report",
            Permission::ZReport => "z-report",
            Permission::ManageCatalog => "manage-catalog",
            Permission::ManageUsers => "manage-users",
            Permission::UnlockLogin => "unlock-login",
            Permission::ChangeSettings => "change-settings",
            Permission::ManageDevices => "manage-devices",
            Permission::ViewAudit => "view-audit",
            Permission::OpenBackOffice => "open-back-office",
            Permission::ManageStore => "manage-store",
            Permission::CountStock => "count-stock",
        }
    }
}

/// The permission table. A manager may do everything; a cashier sells, voids open lines, parks, opens and closes a shift and
/// opens the drawer (audited); money-changing actions need a manager (directly or by override).
/// A technician installs: devices, settings, the store's identity and people (the app keeps
/// managers to managers), never the catalog, prices or sales; a cashier never enters the back
/// office — except, while a stock count is open, to scan products into it.
pub fn role_allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Manager => true,
        Role::Cashier => matches!(
            permission,
            Sell | ParkRecall
                | VoidLine
                | NoSale
                | OpenShift
                | CashInOut
                | CloseShift
                | XReport
                | CountStock
        ),
        Role::Technician => matches!(
            permission,
            ManageDevices
                | ChangeSettings
                | ViewAudit
                | XReport
                | OpenBackOffice
                | ManageStore
                | ManageUsers
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cashier_needs_a_manager_for_money_changes() {
        for p in [
            Permission::LineDiscount,
            Permission::TicketDiscount,
            Permission::PriceOverride,
            Permission::Refund,
            Permission::ZReport,
        ] {
            assert!(!role_allows(Role::Cashier, p), "{p:?}");
            assert!(role_allows(Role::Manager, p), "{p:?}");
        }
        assert!(role_allows(Role::Cashier, Permission::Sell));
        assert!(!role_allows(Role::Technician, Permission::Sell));
        assert!(role_allows(Role::Technician, Permission::ManageDevices));
        assert!(role_allows(Role::Manager, Permission::ManageDevices));
        assert!(!role_allows(Role::Cashier, Permission::ManageDevices));
    }

    #[test]
    fn technicians_enter_the_back_office_without_the_catalog_and_cashiers_not_at_all() {
        assert!(role_allows(Role::Technician, Permission::OpenBackOffice));
        assert!(role_allows(Role::Technician, Permission::ManageStore));
        assert!(!role_allows(Role::Technician, Permission::ManageCatalog));
        assert!(!role_allows(Role::Cashier, Permission::OpenBackOffice));
        assert!(!role_allows(Role::Cashier, Permission::ManageUsers));
        assert!(role_allows(Role::Manager, Permission::OpenBackOffice));
    }
}
