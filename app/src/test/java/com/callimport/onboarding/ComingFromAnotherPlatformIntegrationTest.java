package com.callimport.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.catalog.KnownConnectors;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.platformrequests.PlatformRequest;
import com.callimport.platformrequests.PlatformRequests;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The wizard's first question and its "Ask us for it" requests, as stored for the organization and for staff. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=onboarding_answers")
class ComingFromAnotherPlatformIntegrationTest {
    @Autowired
    OnboardingAnswers answers;
    @Autowired
    PlatformRequests requests;
    @Autowired
    Organizations organizations;

    OrganizationId acme;
    UUID person = UUID.randomUUID();

    @BeforeEach
    void anOrganization() {
        acme = organizations.create("Acme", null).organization().id();
    }

    @Test
    void theQuestionIsUnansweredUntilAnsweredAndCanBeReopened() {
        assertThat(answers.comingFrom(acme)).isEmpty();

        answers.answerComingFrom(acme, false, Optional.of(person));
        assertThat(answers.comingFrom(acme)).hasValueSatisfying(answer -> {
            assertThat(answer.comingFromOther()).isFalse();
            assertThat(answer.answeredBy()).contains(person);
        });

        answers.reopenComingFrom(acme);
        assertThat(answers.comingFrom(acme)).isEmpty();
        answers.answerComingFrom(acme, true, Optional.empty());
        assertThat(answers.comingFrom(acme)).get().extracting(OnboardingAnswers.ComingFrom::comingFromOther).isEqualTo(true);
    }

    @Test
    void anAskForAnUnsupportedPlatformIsKeptOncePerOrganizationAndListedForStaff() {
        OrganizationId globex = organizations.create("Globex", null).organization().id();
        PlatformRequest first = requests.ask(acme, "chorus", Optional.of(person), "ann@acme.test", Optional.of("  about 3,000 calls "));
        PlatformRequest again = requests.ask(acme, "chorus", Optional.of(person), "ann@acme.test", Optional.empty());
        requests.ask(globex, "chorus", Optional.empty(), "bob@globex.test", Optional.empty());

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.note()).contains("about 3,000 calls");
        assertThat(requests.forPlatform("chorus")).extracting(PlatformRequest::requestedByEmail)
                .containsExactly("ann@acme.test", "bob@globex.test");
        assertThat(requests.find(globex, "otter")).isEmpty();
    }

    @Test
    void aSupportedOrUnknownPlatformCannotBeAskedFor() {
        assertThatThrownBy(() -> requests.ask(acme, "gong", Optional.empty(), "ann@acme.test", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect it instead");
        assertThatThrownBy(() -> requests.ask(acme, "no-such-platform", Optional.empty(), "ann@acme.test", Optional.empty()))
                .isInstanceOf(KnownConnectors.UnknownPlatform.class);
    }
}
