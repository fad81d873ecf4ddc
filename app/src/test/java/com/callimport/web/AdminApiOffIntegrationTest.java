package com.callimport.web;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Without a bootstrap token the operator's API does not exist, whatever token or spelling is tried. */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.bootstrap-token=", "callimport.test.database=adminoff"})
class AdminApiOffIntegrationTest {
    @LocalServerPort
    int port;

    @Test
    void noTokenAndNoSpellingReachesTheAdminApiWhenItIsOff() {
        for (String path : new String[] {"/api/admin/organizations", "/%61pi/admin/organizations", "/api/%61dmin/organizations",
                "/api/admin/organizations/"}) {
            for (String token : new String[] {null, "", "test-bootstrap-token", "cie_x"}) {
                ApiClient.Reply reply = ApiClient.at(port, token).post(path, json("name", "Intruder"));
                assertThat(reply.status()).as(path + " with " + token + ": " + reply.body()).isIn(400, 401, 403, 404);
            }
        }
    }
}
