package com.callimport.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Staff are people the operator marks as such; only they can be an organization's CSM, and what they do is
 * kept in the audit log, per organization and across all.
 */
@EngineIntegrationTest
class StaffAuditIntegrationTest {
    @Autowired
    Organizations organizations;
    @Autowired
    People people;
    @Autowired
    StaffAudit audit;

    @Test
    void onlyStaffCanBeAssignedAsCsmAndTheirActionsAreKeptNewestFirst() {
        OrganizationId operator = organizations.create("Operator " + UUID.randomUUID(), null).organization().id();
        OrganizationId customer = organizations.create("Customer " + UUID.randomUUID(), null).organization().id();
        Person csm = people.add(operator, "csm-" + UUID.randomUUID() + "@operator.example", "a long enough password", Role.MEMBER);
        Person customerAdmin = people.add(customer, "admin-" + UUID.randomUUID() + "@customer.example", "a long enough password", Role.ADMIN);

        assertThatThrownBy(() -> people.assignCsm(customer, Optional.of(csm.id())))
                .as("a person who is not staff cannot be a CSM")
                .isInstanceOf(People.InvalidDetails.class);
        assertThatThrownBy(() -> audit.record(customerAdmin, "credit.issued", Optional.of(customer), "1000 cents"))
                .as("a customer's action is not a staff action")
                .isInstanceOf(IllegalArgumentException.class);

        Person staff = people.setStaff(csm.id(), true);
        assertThat(staff.staff()).isTrue();
        people.assignCsm(customer, Optional.of(staff.id()));
        assertThat(people.assignedCsm(customer)).map(Person::email).contains(staff.email());
        assertThat(people.staff()).extracting(Person::id).contains(staff.id()).doesNotContain(customerAdmin.id());

        audit.record(staff, "csm.assigned", Optional.of(customer), "assigned " + staff.email());
        audit.record(staff, "credit.issued", Optional.of(customer), "EUR 10.00: calls missing from the March import");
        audit.record(staff, "console.viewed", Optional.empty(), "");

        assertThat(audit.latest(customer, 10)).extracting(StaffAction::action).containsExactly("credit.issued", "csm.assigned");
        assertThat(audit.latest(3)).extracting(StaffAction::action).containsExactly("console.viewed", "credit.issued", "csm.assigned");
        assertThat(audit.latest(customer, 1).getFirst().staffEmail()).isEqualTo(staff.email());

        people.setStaff(csm.id(), false);
        assertThat(people.assignedCsm(customer)).as("someone no longer staff is nobody's CSM").isEmpty();
    }
}
