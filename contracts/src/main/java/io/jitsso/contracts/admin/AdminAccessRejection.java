package io.jitsso.contracts.admin;

/**
 * A token check failed: carries the denial answered to the caller. Public so that other users of
 * {@link TenantKeys} can tell an unknown key (401) from keys that cannot be read; made only here.
 */
public final class AdminAccessRejection extends RuntimeException {

    private final AdminAccess.Denied denial;

    AdminAccessRejection(int status, String detail) {
        super(detail, null, false, false);
        this.denial = new AdminAccess.Denied(status, detail, status == 401 ? "Bearer error=\"invalid_token\"" : null);
    }

    AdminAccess.Denied denial() {
        return denial;
    }
}
