package com.callimport.web;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connections.Connections;
import com.callimport.connector.ConnectorException;
import com.callimport.credentials.CredentialVault;
import com.callimport.events.EventEndpoints;
import com.callimport.imports.ImportRuns;
import com.callimport.sameconversation.SameConversationLinks;
import com.callimport.organizations.ApiTokens;
import com.callimport.organizations.Organizations;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into an RFC 9457 problem whose detail says what to fix. Bad input is a 4xx;
 * a 5xx means a vendor outage or our own fault, and never carries a stack trace.
 */
@RestControllerAdvice
class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({KnownConnectors.UnknownPlatform.class, Connections.ConnectionNotFound.class,
            ImportRuns.ImportRunNotFound.class, NotFound.class, RecordingDelivery.NoRecording.class, ApiTokens.TokenNotFound.class,
            Organizations.OrganizationNotFound.class, EventEndpoints.EndpointNotFound.class, EventEndpoints.DeliveryNotFound.class,
            SameConversationLinks.LinkNotFound.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noSuchPath(NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "no such endpoint: /" + e.getResourcePath() + "; see /v3/api-docs");
    }

    @ExceptionHandler(ImportRuns.IllegalTransition.class)
    ProblemDetail conflict(ImportRuns.IllegalTransition e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(ImportRunsApi.PaymentRequired.class)
    ProblemDetail paymentRequired(ImportRunsApi.PaymentRequired e) {
        ProblemDetail problem = problem(HttpStatus.PAYMENT_REQUIRED, e.getMessage());
        problem.setTitle("Payment required before this import starts");
        problem.setProperty("checkoutId", e.checkout.id());
        problem.setProperty("checkoutUrl", e.checkoutPage);
        problem.setProperty("billableCalls", e.checkout.billableCalls());
        problem.setProperty("amountMinor", e.checkout.amountMinor());
        problem.setProperty("currency", e.checkout.currency().getCurrencyCode());
        problem.setProperty("expiresAt", e.checkout.expiresAt());
        return problem;
    }

    @ExceptionHandler(CredentialVault.CredentialsUnreadable.class)
    ProblemDetail unreadableCredentials(CredentialVault.CredentialsUnreadable e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadableBody(HttpMessageNotReadableException e, HandlerMethod handler) {
        String example = RequestBodies.example(handler);
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLarge tooLarge) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.detail());
            }
        }
        return switch (e.getCause()) {
            case UnrecognizedPropertyException unknown when !unknown.getPath().isEmpty() -> problem(HttpStatus.BAD_REQUEST,
                    RequestBodies.field(unknown.getPath()) + ": no such field; send a JSON body like " + example);
            case MismatchedInputException mismatch when !mismatch.getPath().isEmpty() -> problem(HttpStatus.BAD_REQUEST,
                    RequestBodies.field(mismatch.getPath()) + ": " + ValueKinds.expectation(mismatch.getTargetType(),
                            mismatch instanceof InvalidFormatException invalid ? invalid.getValue() : null));
            case InputCoercionException outOfRange when !outOfRange.getPath().isEmpty() -> problem(HttpStatus.BAD_REQUEST,
                    RequestBodies.field(outOfRange.getPath()) + ": the number is out of range; "
                            + ValueKinds.expectation(outOfRange.getTargetType(), null) + " of sensible size");
            case StreamReadException syntax when syntax.getLocation() != null && syntax.getLocation().getLineNr() > 0 ->
                    problem(HttpStatus.BAD_REQUEST, "the request body is not valid JSON (line " + syntax.getLocation().getLineNr()
                            + ", column " + syntax.getLocation().getColumnNr() + "); send a JSON body like " + example);
            case null, default -> problem(HttpStatus.BAD_REQUEST, "the request needs a JSON body like " + example);
        };
    }

    @ExceptionHandler(RequestBodyLimit.BodyTooLarge.class)
    ProblemDetail tooLarge(RequestBodyLimit.BodyTooLarge e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, e.detail());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getName() + ": "
                + ValueKinds.expectation(e.getParameter().nestedIfOptional().getNestedParameterType(), e.getValue()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getParameterName() + ": this query parameter is required");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail wrongMethod(HttpRequestMethodNotSupportedException e) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail wrongMediaType(HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
    }

    @ExceptionHandler(com.callimport.oauth.SignInUnavailable.class)
    ProblemDetail signInUnavailable(com.callimport.oauth.SignInUnavailable e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(ConnectorException.AuthenticationFailed.class)
    ProblemDetail vendorRefused(ConnectorException.AuthenticationFailed e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ExceptionHandler(ConnectorException.RateLimited.class)
    ResponseEntity<ProblemDetail> vendorBusy(ConnectorException.RateLimited e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "the vendor's rate limit is exhausted; try again later"));
    }

    @ExceptionHandler(ConnectorException.TemporarilyUnavailable.class)
    ProblemDetail vendorDown(ConnectorException.TemporarilyUnavailable e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "the vendor is not answering right now: " + e.getMessage());
    }

    @ExceptionHandler(ConnectorException.UnexpectedResponse.class)
    ProblemDetail vendorUnreadable(ConnectorException.UnexpectedResponse e) {
        return problem(HttpStatus.BAD_GATEWAY, "the vendor answered something we cannot read: " + e.getMessage());
    }

    @ExceptionHandler(InterruptedException.class)
    ProblemDetail interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "the service is shutting down; try again");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            // a request Spring MVC itself refused (e.g. an Accept header it cannot serve): its status, in plain words
            HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
            return problem(status, "this request cannot be served as sent (" + status.getReasonPhrase().toLowerCase(Locale.ROOT)
                    + "); see /v3/api-docs for what this endpoint takes");
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unhandled error, reference {}", reference, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "something went wrong on our side; quote reference " + reference);
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }

    /** Something the caller asked for does not exist in their organization. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
