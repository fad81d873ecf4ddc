package com.callimport.connections;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import com.callimport.connector.WebhookSubscription;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OAuth connection's source that answers a vendor's refusal of the access token by renewing the token and
 * repeating the request once. A second refusal, or a grant the token endpoint no longer honours, reaches the
 * caller as {@link ConnectorException.AuthenticationFailed}: the customer must reconnect.
 */
final class RenewingCallSource implements CallSource {
    private final CallSource source;
    private final ConnectionBearerToken token;

    RenewingCallSource(CallSource source, ConnectionBearerToken token) {
        this.source = source;
        this.token = token;
    }

    private interface Request<T> {
        T send() throws ConnectorException, InterruptedException;
    }

    private <T> T renewingOnce(Request<T> request) throws ConnectorException, InterruptedException {
        try {
            return request.send();
        } catch (ConnectorException.AuthenticationFailed refused) {
            token.renewRefused();
            return request.send();
        }
    }

    @Override
    public AccessCheck verifyAccess() throws ConnectorException, InterruptedException {
        return renewingOnce(source::verifyAccess);
    }

    @Override
    public CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        return renewingOnce(() -> source.countCalls(window));
    }

    @Override
    public CallPage fetchPage(DateWindow window, Checkpoint position) throws ConnectorException, InterruptedException {
        return renewingOnce(() -> source.fetchPage(window, position));
    }

    @Override
    public RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException {
        return renewingOnce(() -> source.openRecording(call));
    }

    @Override
    public WebhookSubscription subscribe(URI address, Secret verificationToken, Duration lifetime)
            throws ConnectorException, InterruptedException {
        return renewingOnce(() -> source.subscribe(address, verificationToken, lifetime));
    }

    @Override
    public Optional<WebhookSubscription> renew(String subscriptionId, Duration lifetime) throws ConnectorException, InterruptedException {
        return renewingOnce(() -> source.renew(subscriptionId, lifetime));
    }

    @Override
    public void unsubscribe(String subscriptionId) throws ConnectorException, InterruptedException {
        renewingOnce(() -> {
            source.unsubscribe(subscriptionId);
            return null;
        });
    }

    @Override
    public CallPage fetchCalls(List<String> callKeys) throws ConnectorException, InterruptedException {
        return renewingOnce(() -> source.fetchCalls(callKeys));
    }

    @Override
    public Map<String, CallPage> fetchCallsByKey(Collection<String> callKeys) throws ConnectorException, InterruptedException {
        // the connector's own batched read: the interface's default would read the call log once per key
        return renewingOnce(() -> source.fetchCallsByKey(callKeys));
    }

    @Override
    public void close() {
        source.close();
    }
}
