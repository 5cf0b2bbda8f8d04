package cn.qinzhou.livelihood.notification.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

/**
 * 钉钉自定义机器人 with 加签: {@code POST <url>&timestamp=..&sign=..}, sign = URL-encoded Base64(HmacSHA256(secret,
 * timestamp + "\n" + secret)). The timestamp is the machine's real time, not the service's movable clock: DingTalk
 * refuses a signature more than an hour away from its own clock.
 */
@ApplicationScoped
public class DingTalkRobot implements ChannelSender {

    private final HttpPost http;
    private final ObjectMapper mapper;
    private final DeliverySecrets secrets;

    public DingTalkRobot(HttpPost http, ObjectMapper mapper, DeliverySecrets secrets) {
        this.http = http;
        this.mapper = mapper;
        this.secrets = secrets;
    }

    @Override
    public Subscription.Channel channel() {
        return Subscription.Channel.DINGTALK;
    }

    /** DingTalk takes about 20,000 characters of Markdown; kept well below. */
    @Override
    public int maxBytes() {
        return 18_000;
    }

    @Override
    public SendResult send(Subscription subscription, String deliveryId, Message message, String body) {
        String secret = secrets.resolve(subscription.secretName).orElse(null);
        if (secret == null) {
            return SendResult.failed("secret '" + subscription.secretName + "' is not configured");
        }
        long timestamp = System.currentTimeMillis();
        String url = subscription.target + (subscription.target.contains("?") ? "&" : "?") + "timestamp=" + timestamp
                + "&sign=" + URLEncoder.encode(sign(secret, timestamp), StandardCharsets.UTF_8);
        String json = mapper.createObjectNode().put("msgtype", "markdown")
                .set("markdown", mapper.createObjectNode().put("title", message.title())
                        .put("text", Message.truncate(message.markdown(), maxBytes())))
                .toString();
        return http.post(url, json, Map.of(), true);
    }

    static String sign(String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
