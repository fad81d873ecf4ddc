package com.callimport.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A person who forgot their password chooses a new one by an emailed single-use link, which signs out every browser
 * still signed in with the old one; the page never tells whether an email has an account. An owner makes a member an
 * admin and removes another teammate, who is signed out at once; the owner's own row has no such buttons. A newcomer
 * is asked the import wizard's first question on their home page until it is answered.
 */
@EngineIntegrationTest
class AccountRecoveryAndTeamChangesIntegrationTest {
    private static final String OWNER = "oscar@hooli.example";
    private static final String MEMBER = "gavin@hooli.example";
    private static final String LEAVER = "erlich@hooli.example";
    private static final String PASSWORD = "a long enough password";
    private static final String NEW_PASSWORD = "another long password";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aForgottenPasswordIsReplacedByAnEmailedLinkThatWorksOnceAndSignsOutOldSessions() {
        jdbc.sql("DELETE FROM organizations WHERE id IN (SELECT organization_id FROM users WHERE lower(email) = ?)").param(OWNER).update();
        try (Browser forgetful = Browser.open(port); Browser stillSignedIn = Browser.open(port)) {
            forgetful.go("/sign-up").fill("Company or team name", "Hooli").fill("Work email", OWNER).fill("Password", PASSWORD)
                    .press("Create account").waitForPath("/home");
            stillSignedIn.go("/sign-in").fill("Email", OWNER).fill("Password", PASSWORD).press("Sign in").waitForPath("/home");
            forgetful.press("Sign out").waitForPath("/sign-in");

            forgetful.follow("Forgot your password?").waitForPath("/forgot-password");
            forgetful.check("forgot-password");
            forgetful.fill("Email", "nobody-" + System.nanoTime() + "@hooli.example").press("Send me a link");
            String unknownAnswer = forgetful.text();
            assertThat(unknownAnswer).contains("has an account, we've sent it a link");
            forgetful.fill("Email", OWNER).press("Send me a link");
            assertThat(forgetful.text()).as("a known email gets the same answer as an unknown one")
                    .contains("If " + OWNER + " has an account, we've sent it a link");
            forgetful.press("Send me a link");
            assertThat(jdbc.sql("SELECT count(*) FROM emails WHERE recipient = ? AND subject LIKE 'Choose a new password%'")
                    .param(OWNER).query(Long.class).single()).as("a second click within a minute sends no second email").isEqualTo(1L);

            String link = jdbc.sql("SELECT link FROM emails WHERE recipient = ? AND subject LIKE 'Choose a new password%'")
                    .param(OWNER).query(String.class).single();
            String resetPath = URI.create(link).getPath();
            forgetful.go(resetPath);
            assertThat(forgetful.text()).contains("Choose a new password");
            assertThat(forgetful.field("Email").getAttribute("value")).isEqualTo(OWNER);
            forgetful.check("reset-password");
            forgetful.fill("New password", "short").press("Save the new password");
            assertThat(forgetful.text()).contains("Use at least 10 characters.");
            forgetful.fill("New password", NEW_PASSWORD).press("Save the new password").waitForPath("/sign-in");
            assertThat(forgetful.text()).contains("Your password is changed");

            stillSignedIn.go("/home").waitForPath("/sign-in");
            forgetful.fill("Email", OWNER).fill("Password", PASSWORD).press("Sign in");
            assertThat(forgetful.text()).as("the old password no longer works").contains("do not match");
            forgetful.fill("Email", OWNER).fill("Password", NEW_PASSWORD).press("Sign in").waitForPath("/home");

            forgetful.go(resetPath);
            assertThat(forgetful.text()).as("the link works once").contains("This password link doesn't work");
        }
    }

    @Test
    void anOwnerPromotesOneTeammateAndRemovesAnotherWhoIsSignedOutAtOnce() {
        jdbc.sql("DELETE FROM organizations WHERE id IN (SELECT organization_id FROM users WHERE lower(email) IN (?, ?, ?))")
                .params("olga@hooli.example", MEMBER, LEAVER).update();
        try (Browser owner = Browser.open(port); Browser member = Browser.open(port); Browser leaver = Browser.open(port)) {
            owner.go("/sign-up").fill("Company or team name", "Hooli XYZ").fill("Work email", "olga@hooli.example")
                    .fill("Password", PASSWORD).press("Create account").waitForPath("/home");
            assertThat(owner.text()).as("a newcomer finds the import wizard's first question at home")
                    .contains("Are you coming from another platform?").contains("Your imports").contains("None yet.");
            owner.press("No, not now").waitForPath("/home");
            assertThat(owner.text()).contains("No problem.").doesNotContain("Are you coming from another platform?");
            join(owner, member, MEMBER);
            join(owner, leaver, LEAVER);

            owner.go("/team");
            assertThat(owner.driver().findElements(By.xpath("//tr[td[contains(., 'olga@hooli.example')]]//button")))
                    .as("nobody changes their own role or removes themselves").isEmpty();
            owner.click(By.xpath("//tr[td[contains(., '" + MEMBER + "')]]//select/option[.='Admin']"));
            owner.click(By.xpath("//tr[td[contains(., '" + MEMBER + "')]]//button[.='Change']"));
            owner.waitForPath("/team");
            assertThat(owner.text()).contains(MEMBER + " is now Admin");
            member.go("/team");
            assertThat(member.text()).as("the new admin manages the team from their next page").contains("Invite a teammate");

            owner.click(By.xpath("//tr[td[contains(., '" + LEAVER + "')]]//summary"));
            owner.press("Remove " + LEAVER).waitForPath("/team");
            assertThat(owner.text()).contains(LEAVER + " was removed and signed out");
            owner.check("team-changes");
            leaver.go("/calls").waitForPath("/sign-in");
            leaver.fill("Email", LEAVER).fill("Password", PASSWORD).press("Sign in");
            assertThat(leaver.text()).contains("do not match");

            // the new admin may not touch the owner (People refuses it too: see TeamChangesIntegrationTest)
            member.go("/team");
            assertThat(member.driver().findElements(By.xpath("//tr[td[contains(., 'olga@hooli.example')]]//button"))).isEmpty();
        }
    }

    private void join(Browser owner, Browser newcomer, String email) {
        owner.go("/team").fill("Email", email).press("Send invitation").waitForPath("/team");
        String link = jdbc.sql("SELECT link FROM emails WHERE recipient = ? ORDER BY created_at DESC LIMIT 1").param(email)
                .query(String.class).single();
        newcomer.go(URI.create(link).getPath()).fill("Password", PASSWORD).press("Join").waitForPath("/home");
    }
}
