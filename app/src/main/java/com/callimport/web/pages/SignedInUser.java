package com.callimport.web.pages;

import com.callimport.organizations.OrganizationId;
import com.callimport.people.Person;
import com.callimport.people.Role;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The person a browser session is signed in as: what every page gets with
 * {@code @AuthenticationPrincipal SignedInUser user}. Kept in the session (PostgreSQL, serialized), so it
 * holds plain ids; the password hash is erased once sign-in has checked it.
 *
 * <p>Authorities: {@code ROLE_MEMBER} for everyone, {@code ROLE_ADMIN} for admins and owners,
 * {@code ROLE_OWNER} for owners, so {@code hasRole('ADMIN')} means "may manage"; {@code ROLE_STAFF} besides for
 * the operator's staff, who see the staff console.
 */
public final class SignedInUser implements UserDetails, CredentialsContainer {
    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID id;
    private final UUID organizationId;
    private final String email;
    private final Role role;
    private final boolean enabled;
    private final boolean staff;
    private String passwordHash;

    SignedInUser(Person person, String passwordHash, boolean enabled) {
        this.id = person.id();
        this.organizationId = person.organization().value();
        this.email = person.email();
        this.role = person.role();
        this.enabled = enabled;
        this.staff = person.staff();
        this.passwordHash = passwordHash;
    }

    public UUID id() {
        return id;
    }

    public OrganizationId organization() {
        return new OrganizationId(organizationId);
    }

    public String email() {
        return email;
    }

    public Role role() {
        return role;
    }

    /** Owners and admins: connect, import, pay, invite, manage tokens. */
    public boolean manages() {
        return role.manages();
    }

    /** The operator's CSM or RevOps person: sees the staff console and every organization in it. */
    public boolean staff() {
        return staff;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new ArrayList<>(switch (role) {
            case OWNER -> AuthorityUtils.createAuthorityList("ROLE_OWNER", "ROLE_ADMIN", "ROLE_MEMBER");
            case ADMIN -> AuthorityUtils.createAuthorityList("ROLE_ADMIN", "ROLE_MEMBER");
            case MEMBER -> AuthorityUtils.createAuthorityList("ROLE_MEMBER");
        });
        if (staff) {
            authorities.add(new SimpleGrantedAuthority("ROLE_STAFF"));
        }
        return List.copyOf(authorities);
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInUser user && user.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SignedInUser[" + id + ", " + role + (staff ? ", staff" : "") + "]";
    }
}
