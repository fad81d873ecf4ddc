package com.callimport.web;

import com.callimport.organizations.IssuedToken;
import com.callimport.organizations.Organizations;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operator's API, behind the bootstrap token: how a fresh install gets its first organization. */
@RestController
@RequestMapping("/api/admin")
class AdminApi {
    private final Organizations organizations;

    AdminApi(Organizations organizations) {
        this.organizations = organizations;
    }

    /** @param plan the organization's plan (default "standard"), which decides its free import allowance */
    record NewOrganization(String name, String plan) {
    }

    /** The API token is shown once, here; only its hash is stored. */
    record CreatedOrganization(UUID organizationId, String name, String plan, String apiToken) {
    }

    @PostMapping("/organizations")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedOrganization create(@RequestBody NewOrganization request) {
        IssuedToken issued = organizations.create(request.name(), request.plan());
        return new CreatedOrganization(issued.organization().id().value(), issued.organization().name(),
                issued.organization().plan(), issued.token());
    }
}
