package com.callimport.people;

/**
 * What a person may do in their organization. Owners and admins connect platforms, import, pay and manage
 * people and tokens; members see what was imported.
 */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** Connect, import, pay, invite, manage tokens. */
    public boolean manages() {
        return this != MEMBER;
    }

    /** As shown to people: "Owner", "Admin", "Member". */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
