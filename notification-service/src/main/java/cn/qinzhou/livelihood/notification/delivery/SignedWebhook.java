package cn.qinzhou.livelihood.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A recipient's own system: the change (or digest) as JSON, with {@code X-Livelihood-Delivery-Id} (the same on every
 * retry, so the receiver can drop a repeat) and {@code X-Livelihood-Signature: sha256=<hex HMAC-SHA256 of the body>}.
 */
@ApplicationScoped
public class SignedWebhook implements ChannelSender {

    private final HttpPost http;
    private final DeliverySecrets secrets;

    public SignedWebhook(HttpPost http, DeliverySecrets secrets) {
        this.http = http;
        this.secrets = secrets;
    }

    @Override
    public Subscription.Channel channel() {
        return Subscription.Channel.WEBHOOK;
    }

    @Override
    public int maxBytes() {
        return 256 * 1024;
    }

    @Override
    public SendResult send(Subscription subscription, String deliveryId, Message message, String body) {
        String key = secrets.resolve(subscription.secretName).orElse(null);
        if (key == null) {
            return SendResult.failed("secret '" + subscription.secretName + "' is not configured");
        }
        return http.post(subscription.target, body, Map.of("X-Livelihood-Delivery-Id", deliveryId,
                "X-Livelihood-Signature", "sha256=" + hmac(key, body)), false);
    }

    static String hmac(String key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
