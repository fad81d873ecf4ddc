package com.callimport.connector.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.atlassian.oai.validator.util.OpenApiLoader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A vendor's own OpenAPI document, used to check that a connector's requests and a simulator's
 * responses are what the vendor specifies, so that neither drifts to our reading of the vendor.
 * Loading takes about a second: load once per test class.
 */
public final class VendorSpecification {

    /** The system property naming the folder of vendor specs (set by the build's surefire configuration). */
    public static final String SPECS_DIRECTORY_PROPERTY = "vendor.specs.dir";

    private final OpenAPI document;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;
    private final Path file;

    private VendorSpecification(Path file, boolean mergeCombinedSchemas) {
        this.file = file;
        // the validator's own defaults (refs resolved), plus merged compositions when asked for
        ParseOptions parsing = new ParseOptions();
        parsing.setResolve(true);
        parsing.setResolveFully(true);
        parsing.setResolveCombinators(mergeCombinedSchemas);
        this.document = new OpenApiLoader().loadApi(OpenApiInteractionValidator.SpecSource.specUrl(file.toUri().toString()),
                List.of(), parsing);
        // an unexpected query parameter is ignored by default; a cursor sent in the query of a
        // POST that reads it from the body must fail
        LevelResolver levels = LevelResolver.create()
                .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                .build();
        this.validator = OpenApiInteractionValidator.createFor(document).withLevelResolver(levels).build();
        this.schemas = new SchemaValidator(document, new MessageResolver(levels));
    }

    /** Loads {@code relativePath} (e.g. {@code <vendor>/<vendor>.oas.json}) from the vendor specs folder. */
    public static VendorSpecification load(String relativePath) {
        return new VendorSpecification(readable(relativePath), false);
    }

    /**
     * Loads a document whose schemas are composed with {@code allOf} (e.g. RingCentral's {@code CallLogRecord}),
     * merging each composition first: unmerged, the validator's additional-property check holds every part
     * against the others' properties and rejects every conforming object.
     */
    public static VendorSpecification loadMergingCombinedSchemas(String relativePath) {
        return new VendorSpecification(readable(relativePath), true);
    }

    private static Path readable(String relativePath) {
        String directory = System.getProperty(SPECS_DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank()) {
            throw new IllegalStateException("system property " + SPECS_DIRECTORY_PROPERTY
                    + " is not set; run the tests through Maven or pass -D" + SPECS_DIRECTORY_PROPERTY + "=<repository>/vendor-specs");
        }
        Path file = Path.of(directory).resolve(relativePath).normalize();
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("vendor spec " + file + " is not readable; check " + SPECS_DIRECTORY_PROPERTY);
        }
        return file;
    }

    /** Every error the vendor's document reports for one exchange; empty when it conforms. */
    public List<String> violations(RecordedExchange exchange) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(exchange.method()), exchange.path());
        exchange.query().forEach(request::withQueryParam);
        exchange.requestHeaders().forEach(request::withHeader);
        if (!exchange.requestBody().isEmpty()) {
            request.withBody(exchange.requestBody());
        }
        SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
        exchange.responseHeaders().forEach(response::withHeader);
        if (!exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        ValidationReport report = validator.validate(request.build(), response.build());
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                errors.add(exchange + ": " + message.getKey() + ": " + message.getMessage());
            }
        }
        return errors;
    }

    /**
     * Every error the vendor's document reports for a JSON document that no request or response carries, e.g. a
     * webhook notification, checked against one of its named schemas ({@code components/schemas}); empty when it conforms.
     */
    public List<String> schemaViolations(String schemaName, String json) {
        Schema<?> schema = document.getComponents() == null ? null : document.getComponents().getSchemas().get(schemaName);
        if (schema == null) {
            throw new IllegalArgumentException(file.getFileName() + " has no schema named " + schemaName);
        }
        ValidationReport report = schemas.validate(json, schema, schemaName);
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                errors.add(schemaName + ": " + message.getKey() + ": " + message.getMessage());
            }
        }
        return errors;
    }

    /**
     * Every error the vendor's document reports for the body of a webhook it sends, checked against the request body
     * its OpenAPI 3.1 {@code webhooks} section declares for {@code event} (e.g. Zoom's {@code phone.recording_completed});
     * empty when it conforms.
     */
    public List<String> webhookViolations(String event, String json) {
        var webhook = document.getWebhooks() == null ? null : document.getWebhooks().get(event);
        if (webhook == null || webhook.getPost() == null || webhook.getPost().getRequestBody() == null) {
            throw new IllegalArgumentException(file.getFileName() + " declares no webhook " + event);
        }
        Schema<?> schema = webhook.getPost().getRequestBody().getContent().get("application/json").getSchema();
        ValidationReport report = schemas.validate(json, schema, event);
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                errors.add(event + ": " + message.getKey() + ": " + message.getMessage());
            }
        }
        return errors;
    }

    /** Fails with every violation found when any exchange does not conform. */
    public void assertConforms(Collection<RecordedExchange> exchanges) {
        if (exchanges.isEmpty()) {
            throw new AssertionError("no exchanges to check against " + file + "; was recording switched on?");
        }
        List<String> errors = new ArrayList<>();
        for (RecordedExchange exchange : exchanges) {
            errors.addAll(violations(exchange));
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " violation(s) of " + file.getFileName() + ":\n" + String.join("\n", errors));
        }
    }

    @Override
    public String toString() {
        return "VendorSpecification[" + file + "]";
    }
}
