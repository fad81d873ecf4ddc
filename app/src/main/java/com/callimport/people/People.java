package com.callimport.people;

import com.callimport.customertext.CustomerText;
import com.callimport.organizations.Organization;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people of every organization: sign-up (a new organization and its owner), lookup for sign-in, and
 * their preferences. Emails are unique across organizations, so an email and a password name one person.
 */
@Component
public class People {
    public static final int MIN_PASSWORD_CHARACTERS = 10;
    // bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused instead
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String COLUMNS = "id, organization_id, email, role, import_emails, created_at, staff";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Organizations organizations;
    private final PasswordEncoder passwords;

    People(JdbcClient jdbc, Clock clock, Organizations organizations, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.organizations = organizations;
        this.passwords = passwords;
    }

    /** What a person typed was refused: one message per form field, in words they can act on. */
    public static final class InvalidDetails extends RuntimeException {
        private final Map<String, String> byField;

        public InvalidDetails(Map<String, String> byField) {
            super(String.join("; ", byField.values()));
            this.byField = Map.copyOf(byField);
        }

        /** Field name (as in the form) to message. */
        public Map<String, String> byField() {
            return byField;
        }
    }

    /** A person with their password hash, for the sign-in check only. */
    public record SignInDetails(Person person, String passwordHash, boolean organizationDisabled) {
        @Override
        public String toString() {
            return "SignInDetails[" + person + ", passwordHash=redacted]";
        }
    }

    /**
     * Creates an organization and its first person, its owner.
     *
     * @throws InvalidDetails naming each field that needs fixing (organizationName, email, password)
     */
    @Transactional
    public Person signUp(String organizationName, String email, String password) {
        Map<String, String> problems = new LinkedHashMap<>();
        String name = organizationName == null ? "" : organizationName.strip();
        if (name.isEmpty()) {
            problems.put("organizationName", "Enter your company's or team's name.");
        } else {
            try {
                name = CustomerText.name("organizationName", name);
            } catch (IllegalArgumentException e) {
                problems.put("organizationName", "Use at most " + CustomerText.NAME_CHARACTERS
                        + " characters, without tabs or line breaks.");
            }
        }
        String checkedEmail = checkEmail(email, problems);
        checkPassword(password, problems);
        if (checkedEmail != null && findByEmail(checkedEmail).isPresent()) {
            problems.put("email", "An account with this email already exists. Sign in instead, or use another email.");
        }
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        Organization organization = organizations.register(name, null);
        return add(organization.id(), checkedEmail, password, Role.OWNER);
    }

    /**
     * Adds a person to an existing organization (an accepted invitation, say).
     *
     * @throws InvalidDetails naming email or password
     */
    @Transactional
    public Person add(OrganizationId organization, String email, String password, Role role) {
        Map<String, String> problems = new LinkedHashMap<>();
        String checkedEmail = checkEmail(email, problems);
        checkPassword(password, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        Person person = new Person(UUID.randomUUID(), organization, checkedEmail, role, true, Instant.now(clock), false);
        try {
            jdbc.sql("INSERT INTO users (id, organization_id, email, password_hash, role, import_emails, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(person.id(), organization.value(), person.email(), passwords.encode(password), role.name(),
                            person.importEmails(), person.createdAt().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new InvalidDetails(Map.of("email", "An account with this email already exists. Sign in instead, or use another email."));
        }
        return person;
    }

    public Optional<Person> findByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE lower(email) = ?")
                .param(email.strip().toLowerCase(Locale.ROOT))
                .query(People::person)
                .optional();
    }

    public Optional<Person> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?").param(id).query(People::person).optional();
    }

    /** The person only if they belong to that organization: how a page looks up a teammate. */
    public Optional<Person> find(OrganizationId organization, UUID id) {
        return find(id).filter(person -> person.organization().equals(organization));
    }

    public List<Person> of(OrganizationId organization) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE organization_id = ? ORDER BY created_at, id")
                .param(organization.value())
                .query(People::person)
                .list();
    }

    /** What the sign-in check needs; empty for an email nobody signed up with. */
    public Optional<SignInDetails> forSignIn(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT u.id, u.organization_id, u.email, u.role, u.import_emails, u.created_at, u.staff, u.password_hash, "
                        + "o.disabled_at IS NOT NULL FROM users u JOIN organizations o ON o.id = u.organization_id WHERE lower(u.email) = ?")
                .param(email.strip().toLowerCase(Locale.ROOT))
                .query((rs, row) -> new SignInDetails(person(rs, row), rs.getString(8), rs.getBoolean(9)))
                .optional();
    }

    /** A person who may still use the web app, with the name of their organization, which every page's header shows. */
    public record Active(Person person, String organizationName) {
    }

    /**
     * The person as stored now, if they may still use the web app: empty when they were removed or their
     * organization is disabled. Asked on every page request, so a change holds from the next one; the
     * organization's name comes in the same read, so the page need not ask for it again.
     */
    public Optional<Active> active(UUID id) {
        return jdbc.sql("SELECT u.id, u.organization_id, u.email, u.role, u.import_emails, u.created_at, u.staff, o.name FROM users u "
                        + "JOIN organizations o ON o.id = u.organization_id WHERE u.id = ? AND o.disabled_at IS NULL")
                .param(id)
                .query((rs, row) -> new Active(person(rs, row), rs.getString(8)))
                .optional();
    }

    /** Turns the import emails (completed / failed) on or off for this person. */
    @Transactional
    public Person setImportEmails(UUID person, boolean wanted) {
        jdbc.sql("UPDATE users SET import_emails = ? WHERE id = ?").params(wanted, person).update();
        return find(person).orElseThrow();
    }

    /**
     * Changes a teammate's role between admin and member. Nobody changes their own role (so an organization
     * cannot lose its last manager by a slip), and the owner's role stays: there is one owner, who signed up.
     *
     * @throws InvalidDetails naming {@code role} when the change is not allowed, in words to show
     * @throws java.util.NoSuchElementException when there is no such person in the manager's organization
     */
    @Transactional
    public Person changeRole(Person manager, UUID teammate, Role role) {
        Person target = teammateOf(manager, teammate);
        if (role == null || role == Role.OWNER) {
            throw new InvalidDetails(Map.of("role", "Choose Admin or Member."));
        }
        jdbc.sql("UPDATE users SET role = ? WHERE id = ? AND organization_id = ?")
                .params(role.name(), target.id(), manager.organization().value()).update();
        return find(target.id()).orElseThrow();
    }

    /**
     * Removes a teammate from the organization: their sessions end at their next request and their sign-in stops
     * working. The calls, imports and emails of the organization stay; imports they started keep running.
     *
     * @throws InvalidDetails naming {@code person} when the removal is not allowed
     */
    @Transactional
    public Person remove(Person manager, UUID teammate) {
        Person target = teammateOf(manager, teammate);
        jdbc.sql("DELETE FROM users WHERE id = ? AND organization_id = ?").params(target.id(), manager.organization().value()).update();
        return target;
    }

    private Person teammateOf(Person manager, UUID teammate) {
        if (!manager.role().manages()) {
            throw new org.springframework.security.access.AccessDeniedException("only owners and admins manage the team");
        }
        Person target = find(manager.organization(), teammate).orElseThrow(() -> new java.util.NoSuchElementException("no such teammate"));
        if (target.id().equals(manager.id())) {
            throw new InvalidDetails(Map.of("person", "You can't change or remove yourself. Ask another admin or the owner."));
        }
        if (target.role() == Role.OWNER) {
            throw new InvalidDetails(Map.of("person", "The owner's role stays, and the owner can't be removed."));
        }
        return target;
    }

    /**
     * Sets a new password (a reset by emailed link).
     *
     * @throws InvalidDetails naming {@code password}
     */
    @Transactional
    public void setPassword(UUID person, String password) {
        Map<String, String> problems = new LinkedHashMap<>();
        checkPassword(password, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(passwords.encode(password), person).update();
    }

    /**
     * Makes a person staff (or not): they see every organization in the staff console from their next request.
     * Only an operator does this (see the {@code staff} command); the web app has no way to grant it.
     */
    @Transactional
    public Person setStaff(UUID person, boolean staff) {
        jdbc.sql("UPDATE users SET staff = ? WHERE id = ?").params(staff, person).update();
        return find(person).orElseThrow();
    }

    /** Every staff person, by email: the CSMs an organization can be assigned to. */
    public List<Person> staff() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE staff ORDER BY lower(email)").query(People::person).list();
    }

    /** The CSM assigned to an organization, if any: alerts about its connections reach them too. */
    public Optional<Person> assignedCsm(OrganizationId organization) {
        return jdbc.sql("SELECT u.id, u.organization_id, u.email, u.role, u.import_emails, u.created_at, u.staff FROM users u "
                        + "JOIN organizations o ON o.csm_user_id = u.id WHERE o.id = ? AND u.staff")
                .param(organization.value())
                .query(People::person)
                .optional();
    }

    /** Assigns (or, with an empty value, unassigns) the organization's CSM, who must be staff. */
    @Transactional
    public void assignCsm(OrganizationId organization, Optional<UUID> csm) {
        if (csm.isPresent() && find(csm.get()).filter(Person::staff).isEmpty()) {
            throw new InvalidDetails(Map.of("csm", "Choose a staff member as the CSM."));
        }
        jdbc.sql("UPDATE organizations SET csm_user_id = ? WHERE id = ?").params(csm.orElse(null), organization.value()).update();
    }

    private static String checkEmail(String email, Map<String, String> problems) {
        String stripped = email == null ? "" : email.strip();
        if (stripped.isEmpty()) {
            problems.put("email", "Enter your email address.");
            return null;
        }
        if (stripped.length() > 254 || !EMAIL.matcher(stripped).matches()) {
            problems.put("email", "Enter an email address like name@company.com.");
            return null;
        }
        return stripped;
    }

    private static void checkPassword(String password, Map<String, String> problems) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARACTERS) {
            problems.put("password", "Use at least " + MIN_PASSWORD_CHARACTERS + " characters.");
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            problems.put("password", "Use at most " + MAX_PASSWORD_BYTES + " characters (fewer if it has accented letters or symbols).");
        } else if (password.isBlank()) {
            problems.put("password", "A password cannot be only spaces.");
        }
    }

    private static Person person(ResultSet rs, int row) throws SQLException {
        return new Person(rs.getObject(1, UUID.class), new OrganizationId(rs.getObject(2, UUID.class)), rs.getString(3),
                Role.valueOf(rs.getString(4)), rs.getBoolean(5), rs.getTimestamp(6).toInstant(), rs.getBoolean(7));
    }
}
