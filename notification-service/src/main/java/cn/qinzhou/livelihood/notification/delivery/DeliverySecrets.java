package cn.qinzhou.livelihood.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;

/**
 * Signing keys (a DingTalk robot's secret, a webhook's HMAC key) live in configuration only, under
 * {@code livelihood.delivery.secrets.<name>} (in production an environment variable such as
 * {@code LIVELIHOOD_DELIVERY_SECRETS_OFFICE_DING}): a subscription names one, so the key is never stored in the
 * database, returned by the API or written to a log, and rotating it needs no change of data.
 */
@ApplicationScoped
public class DeliverySecrets {

    static final String PREFIX = "livelihood.delivery.secrets.";

    private final Config config;

    public DeliverySecrets(Config config) {
        this.config = config;
    }

    public boolean exists(String name) {
        return resolve(name).isPresent();
    }

    Optional<String> resolve(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return config.getOptionalValue(PREFIX + name, String.class).filter(value -> !value.isBlank());
    }
}
