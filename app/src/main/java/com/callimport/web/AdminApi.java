package com.callimport.web;

import com.callimport.billing.Checkouts;
import com.callimport.offboarding.OrganizationDeletion;
import com.callimport.organizations.IssuedToken;
import com.callimport.organizations.Organization;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's API, behind the bootstrap token (see {@link ApiSecurity}): how a fresh install gets its
 * first organization, and how an organization is disabled or deleted. Absent when no bootstrap token is set.
 */
@RestController
@RequestMapping("/api/admin")
@ConditionalOnExpression("!'${callimport.bootstrap-token:}'.isBlank()")
class AdminApi {
    private final Organizations organizations;
    private final OrganizationDeletion deletion;
    private final Checkouts checkouts;

    AdminApi(Organizations organizations, OrganizationDeletion deletion, Checkouts checkouts) {
        this.organizations = organizations;
        this.deletion = deletion;
        this.checkouts = checkouts;
    }

    /** @param plan the organization's plan (default "standard"), which decides its free import allowance */
    record NewOrganization(String name, String plan) {
    }

    /** The API token is shown once, here; only its hash is stored. */
    record CreatedOrganization(UUID organizationId, String name, String plan, String apiToken) {
    }

    record OrganizationView(UUID id, String name, String plan, Instant createdAt, boolean disabled, Instant disabledAt) {
        static OrganizationView of(Organization organization) {
            return new OrganizationView(organization.id().value(), organization.name(), organization.plan(),
                    organization.createdAt(), organization.disabled(), organization.disabledAt());
        }
    }

    @PostMapping("/organizations")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedOrganization create(@RequestBody NewOrganization request) {
        IssuedToken issued = organizations.create(request.name(), request.plan());
        return new CreatedOrganization(issued.organization().id().value(), issued.organization().name(),
                issued.organization().plan(), issued.token());
    }

    @GetMapping("/organizations")
    List<OrganizationView> list() {
        return organizations.all().stream().map(OrganizationView::of).toList();
    }

    @GetMapping("/organizations/{id}")
    OrganizationView get(@PathVariable UUID id) {
        return OrganizationView.of(organizations.get(new OrganizationId(id)));
    }

    /** Every token of the organization stops working at once, on every instance; nothing is removed. */
    @PostMapping("/organizations/{id}/disable")
    OrganizationView disable(@PathVariable UUID id) {
        return OrganizationView.of(organizations.disable(new OrganizationId(id)));
    }

    @PostMapping("/organizations/{id}/enable")
    OrganizationView enable(@PathVariable UUID id) {
        return OrganizationView.of(organizations.enable(new OrganizationId(id)));
    }

    /** @param billingMethod {@code card} (self-service checkout, the default) or {@code invoice} (sales-assisted, billed on invoice) */
    record BillingMethod(String billingMethod) {
    }

    /** How the organization pays for billable imports; an organization billed on invoice starts them without a checkout page. */
    @PutMapping("/organizations/{id}/billing-method")
    BillingMethod billingMethod(@PathVariable UUID id, @RequestBody BillingMethod request) {
        OrganizationId organization = new OrganizationId(id);
        organizations.get(organization);
        if (request.billingMethod() == null) {
            throw new IllegalArgumentException("billingMethod: give 'card' or 'invoice'");
        }
        checkouts.billingMethod(organization, request.billingMethod());
        return new BillingMethod(checkouts.billingMethod(organization));
    }

    /** Removes the organization with its connections, sealed credentials, runs, calls and recordings. */
    @DeleteMapping("/organizations/{id}")
    OrganizationDeletion.Deleted delete(@PathVariable UUID id) throws InterruptedException, IOException {
        OrganizationId organization = new OrganizationId(id);
        organizations.get(organization);
        return deletion.delete(organization);
    }
}
