package com.callimport.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An owner invites a teammate as a member (no mail server: the email waits in the Outbox), the teammate
 * joins by the link and can only look; the owner creates an API token on the settings page, the API takes
 * it, and revoking it stops it at once.
 */
@EngineIntegrationTest
class TeamInvitationsAndTokensIntegrationTest {
    private static final String OWNER = "olivia@initech.example";
    private static final String MEMBER = "milton@initech.example";
    private static final String PASSWORD = "a long enough password";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anOwnerInvitesAMemberWhoOnlyLooksAndManagesApiTokens() {
        jdbc.sql("DELETE FROM organizations WHERE id IN (SELECT organization_id FROM users WHERE lower(email) IN (?, ?))")
                .params(OWNER, MEMBER).update();
        try (Browser owner = Browser.open(port); Browser member = Browser.open(port)) {
            owner.go("/sign-up").fill("Company or team name", "Initech").fill("Work email", OWNER).fill("Password", PASSWORD)
                    .press("Create account").waitForPath("/home");

            owner.follow("Team").waitForPath("/team");
            owner.fill("Email", "not an email").press("Send invitation");
            assertThat(owner.text()).contains("Enter an email address like name@company.com.");
            owner.fill("Email", MEMBER).press("Send invitation").waitForPath("/team");
            assertThat(owner.text()).contains("saved in the Outbox").contains(MEMBER + " as Member");
            owner.check("team");

            owner.follow("Outbox").waitForPath("/outbox");
            assertThat(owner.text()).contains("You're invited to Initech on Call Import").contains("Not sent (no mail server)");
            owner.check("outbox");
            String link = owner.driver().findElement(By.cssSelector("article a[href*='/invitations/']")).getAttribute("href");
            String invitationPath = java.net.URI.create(link).getPath();

            member.go(invitationPath);
            assertThat(member.text()).contains("Join Initech").contains("You're invited as Member");
            member.check("invitation");
            member.fill("Password", "short").press("Join");
            assertThat(member.text()).contains("Use at least 10 characters.");
            member.fill("Password", PASSWORD).press("Join").waitForPath("/home");
            assertThat(member.text()).contains("Welcome to Initech!").contains("Your role: Member").contains("You can see what");
            assertThat(member.driver().findElements(By.linkText("Team"))).as("a member sees no Team link").isEmpty();
            member.go("/team");
            assertThat(member.text()).contains("You can't do that here");
            member.go("/settings");
            assertThat(member.text()).contains("Email notifications").doesNotContain("API tokens");

            // a role changed, or the organization disabled, holds from the person's next request
            jdbc.sql("UPDATE users SET role = 'ADMIN' WHERE email = ?").param(MEMBER).update();
            member.go("/team");
            assertThat(member.text()).contains("Invite a teammate");
            jdbc.sql("UPDATE users SET role = 'MEMBER' WHERE email = ?").param(MEMBER).update();
            member.go("/team");
            assertThat(member.text()).contains("You can't do that here");
            jdbc.sql("UPDATE organizations SET disabled_at = now() WHERE id = (SELECT organization_id FROM users WHERE email = ?)").param(OWNER).update();
            member.go("/home").waitForPath("/sign-in");
            jdbc.sql("UPDATE organizations SET disabled_at = NULL WHERE id = (SELECT organization_id FROM users WHERE email = ?)").param(OWNER).update();
            member.go(invitationPath);
            assertThat(member.text()).as("the link works once").contains("This invitation link doesn't work");

            owner.follow("Settings").waitForPath("/settings");
            owner.press("Create token");
            assertThat(owner.text()).contains("Give the token a name");
            owner.fill("New token's name", "CRM sync").press("Create token");
            String token = owner.field("Token value").getAttribute("value");
            assertThat(token).startsWith("cie_");
            owner.check("settings");
            ApiClient api = ApiClient.at(port, token);
            assertThat(api.get("/api/tokens").status()).as("the API takes the new token").isEqualTo(200);

            owner.go("/settings");
            assertThat(owner.text()).as("the value is shown once").doesNotContain(token).contains("CRM sync");
            owner.press("Revoke").waitForPath("/settings");
            assertThat(owner.text()).contains("Token \"CRM sync\" revoked");
            assertThat(api.get("/api/tokens").status()).as("a revoked token stops at once").isEqualTo(401);

            owner.field("Email me when an import I started completes or fails").click();
            owner.press("Save preference").waitForPath("/settings");
            assertThat(owner.text()).contains("You won't get emails about imports.");
            assertThat(owner.field("Email me when an import I started completes or fails").isSelected()).isFalse();

            // htmx is loaded, and its requests carry the CSRF token (js/app.js): a POST through it takes effect
            Object status = ((org.openqa.selenium.JavascriptExecutor) owner.driver()).executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                            + "document.body.addEventListener('htmx:afterRequest', function (e) { done(e.detail.xhr.status); }, {once: true});"
                            + "htmx.ajax('POST', '/settings/notifications', {values: {importEmails: 'true'}, swap: 'none'});");
            assertThat(status).as("an htmx POST's answer (after the redirect)").isEqualTo(200L);
            owner.go("/settings");
            assertThat(owner.field("Email me when an import I started completes or fails").isSelected()).isTrue();
        }
    }
}
