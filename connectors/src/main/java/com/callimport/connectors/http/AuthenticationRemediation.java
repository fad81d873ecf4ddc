package com.callimport.connectors.http;

import java.util.List;

/**
 * What a customer must do when a vendor refuses a request with 401 or 403, written by the connector
 * that knows the vendor's admin screens. The text reaches the customer: it must name no credential.
 */
@FunctionalInterface
public interface AuthenticationRemediation {

    /**
     * @param status       401 or 403
     * @param vendorErrors the vendor's own error messages from the response body, possibly empty
     */
    String forRefusal(int status, List<String> vendorErrors);
}
