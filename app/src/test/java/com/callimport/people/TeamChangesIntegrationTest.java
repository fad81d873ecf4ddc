package com.callimport.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who may change whom: owners and admins change teammates between admin and member and remove them; nobody changes
 * or removes themselves or the owner, a member changes nobody, and a person of another organization is not found.
 */
@EngineIntegrationTest
class TeamChangesIntegrationTest {
    private static final String PASSWORD = "a long enough password";
    @Autowired
    Organizations organizations;
    @Autowired
    People people;

    @Test
    void theRulesHoldWhateverTheFormsSay() {
        OrganizationId acme = organizations.create("Acme " + UUID.randomUUID(), null).organization().id();
        OrganizationId other = organizations.create("Other " + UUID.randomUUID(), null).organization().id();
        Person owner = people.add(acme, unique("owner"), PASSWORD, Role.OWNER);
        Person admin = people.add(acme, unique("admin"), PASSWORD, Role.ADMIN);
        Person member = people.add(acme, unique("member"), PASSWORD, Role.MEMBER);
        Person stranger = people.add(other, unique("stranger"), PASSWORD, Role.MEMBER);

        assertThatThrownBy(() -> people.changeRole(admin, owner.id(), Role.MEMBER)).isInstanceOf(People.InvalidDetails.class)
                .hasMessageContaining("The owner's role stays");
        assertThatThrownBy(() -> people.remove(admin, owner.id())).isInstanceOf(People.InvalidDetails.class);
        assertThatThrownBy(() -> people.changeRole(admin, admin.id(), Role.MEMBER)).isInstanceOf(People.InvalidDetails.class)
                .hasMessageContaining("You can't change or remove yourself");
        assertThatThrownBy(() -> people.changeRole(admin, member.id(), Role.OWNER)).isInstanceOf(People.InvalidDetails.class)
                .hasMessageContaining("Choose Admin or Member");
        assertThatThrownBy(() -> people.changeRole(member, admin.id(), Role.MEMBER)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> people.remove(admin, stranger.id())).isInstanceOf(NoSuchElementException.class);

        assertThat(people.changeRole(admin, member.id(), Role.ADMIN).role()).isEqualTo(Role.ADMIN);
        people.remove(owner, member.id());
        assertThat(people.find(member.id())).isEmpty();
        assertThat(people.find(stranger.id())).as("another organization's person is untouched").isPresent();
    }

    private static String unique(String who) {
        return who + "-" + UUID.randomUUID() + "@acme.example";
    }
}
