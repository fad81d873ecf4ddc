package com.callimport.connector.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request a simulator received and the response it sent, kept so that both can be checked
 * against the vendor's own OpenAPI document ({@link VendorSpecification}).
 *
 * @param query           the decoded query parameters
 * @param requestHeaders  header names in lower case
 * @param responseHeaders header names in lower case
 */
public record RecordedExchange(String method, String path, Map<String, List<String>> query,
                               Map<String, List<String>> requestHeaders, String requestBody,
                               int status, Map<String, List<String>> responseHeaders, String responseBody) {
    public RecordedExchange {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
        requestBody = requestBody == null ? "" : requestBody;
        responseBody = responseBody == null ? "" : responseBody;
    }

    @Override
    public String toString() {
        // headers are left out: they carry the credentials
        return method + " " + path + query + " -> " + status;
    }
}
