package org.wsgateway.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An application's subscription to one API with one of the API's business plans. A blocked subscription is refused
 * at the handshake ({@code 403}) and its live connections are closed.
 *
 * @param id     stable identifier
 * @param apiId  the API subscribed to
 * @param plan   the business plan, one of the API's
 * @param status {@code ACTIVE} or {@code BLOCKED}
 */
public record Subscription(String id, String apiId, String plan, String status) {

    public static final String ACTIVE = "ACTIVE";
    public static final String BLOCKED = "BLOCKED";
    public static final List<String> STATUSES = List.of(ACTIVE, BLOCKED);

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(plan, "plan");
        status = status == null ? ACTIVE : status.toUpperCase(Locale.ROOT);
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
