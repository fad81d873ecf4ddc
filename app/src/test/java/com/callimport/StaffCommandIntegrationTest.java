package com.callimport;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * {@code java -jar app.jar staff grant|revoke|list}: the operator's only way to make someone staff. Granting twice
 * changes nothing; revoking ends their CSM assignments; an unknown email or a missing argument says what to do.
 */
@EngineIntegrationTest
class StaffCommandIntegrationTest {
    @Autowired
    ApplicationContext service;
    @Autowired
    Organizations organizations;
    @Autowired
    People people;

    @Test
    void theOperatorGrantsAndRevokesStaffByEmail() {
        OrganizationId operator = organizations.create("Operator " + UUID.randomUUID(), null).organization().id();
        OrganizationId customer = organizations.create("Customer " + UUID.randomUUID(), null).organization().id();
        Person ann = people.add(operator, "ann+" + UUID.randomUUID().toString().substring(0, 8) + "@operator.example",
                "a long enough password", Role.MEMBER);
        List<String[]> serviceArgs = new ArrayList<>();

        Run granted = run(serviceArgs, "staff", "grant", ann.email().toUpperCase(), "--spring.profiles.active=x");
        assertThat(granted.exit()).isZero();
        assertThat(granted.printed()).contains(ann.email() + " is now staff");
        assertThat(people.find(ann.id()).orElseThrow().staff()).isTrue();
        assertThat(serviceArgs.getLast()).as("what follows the email goes to the service").containsExactly("--spring.profiles.active=x");

        Run again = run(serviceArgs, "staff", "grant", ann.email());
        assertThat(again.exit()).isZero();
        assertThat(again.printed()).contains("is staff already");
        assertThat(run(serviceArgs, "staff", "list").printed()).contains(ann.email());

        people.assignCsm(customer, Optional.of(ann.id()));
        Run revoked = run(serviceArgs, "staff", "revoke", ann.email());
        assertThat(revoked.exit()).isZero();
        assertThat(people.find(ann.id()).orElseThrow().staff()).isFalse();
        assertThat(people.assignedCsm(customer)).as("no longer staff, no longer a CSM").isEmpty();

        Run unknown = run(serviceArgs, "staff", "grant", "nobody-" + UUID.randomUUID() + "@operator.example");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.printed()).contains("must have an account first");

        int started = serviceArgs.size();
        Run missing = run(serviceArgs, "staff", "grant");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.printed()).contains("usage: staff grant <email>");
        assertThat(run(serviceArgs, "staff", "promote", ann.email()).exit()).isEqualTo(2);
        assertThat(serviceArgs).as("a usage mistake starts no service").hasSize(started);
    }

    private record Run(int exit, String printed) {
    }

    /** Runs the command against this test's service, through a child context the command may close. */
    private Run run(List<String[]> serviceArgs, String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = StaffCommand.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8), given -> {
            serviceArgs.add(given);
            ConfigurableApplicationContext child = new GenericApplicationContext(service);
            child.refresh();
            return child;
        });
        return new Run(exit, printed.toString(StandardCharsets.UTF_8));
    }
}
