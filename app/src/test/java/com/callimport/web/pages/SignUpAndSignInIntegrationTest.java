package com.callimport.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A newcomer signs up, lands on their home page, signs out and signs in again, in a real browser. */
@EngineIntegrationTest
class SignUpAndSignInIntegrationTest {
    private static final String EMAIL = "ann@acme.example";
    private static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aNewcomerSignsUpSignsOutAndSignsInAgain() {
        // a database kept between runs (CALLIMPORT_TEST_DATABASE_URL) may hold Ann from the last one
        jdbc.sql("DELETE FROM organizations WHERE id IN (SELECT organization_id FROM users WHERE lower(email) = ?)").param(EMAIL).update();
        try (Browser browser = Browser.open(port)) {
            browser.go("/");
            browser.waitForPath("/sign-in").check("sign-in");

            browser.follow("Create an account").waitForPath("/sign-up");
            browser.fill("Company or team name", "Acme").fill("Work email", EMAIL).fill("Password", "short");
            browser.press("Create account");
            assertThat(browser.text()).as("a too-short password is refused in words")
                    .contains("Please fix the highlighted fields").contains("Use at least 10 characters");
            assertThat(browser.field("Company or team name").getAttribute("value")).as("what was typed is kept").isEqualTo("Acme");
            browser.assertAccessible("sign-up with an error");

            browser.go("/sign-up").check("sign-up");
            browser.fill("Company or team name", "Acme").fill("Work email", EMAIL).fill("Password", PASSWORD);
            browser.press("Create account").waitForPath("/home");
            assertThat(browser.text()).contains("Welcome! Your organization is ready.").contains("Acme").contains(EMAIL).contains("Owner");
            browser.check("home");

            browser.press("Sign out").waitForPath("/sign-in");
            assertThat(browser.text()).contains("You have signed out.");
            browser.go("/home").waitForPath("/sign-in");

            browser.fill("Email", EMAIL).fill("Password", "not the password");
            browser.press("Sign in").waitForPath("/sign-in");
            assertThat(browser.text()).contains("That email and password do not match an account.");
            assertThat(browser.field("Email").getAttribute("value")).as("the email typed is kept").isEqualTo(EMAIL);

            browser.fill("Password", PASSWORD).press("Sign in").waitForPath("/home");
            assertThat(browser.text()).contains("Signed in as " + EMAIL);
        }
    }
}
