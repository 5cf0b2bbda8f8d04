package cn.qinzhou.livelihood.notification.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** 企业微信群机器人: {@code POST <webhook url>} with a Markdown message of at most 4096 bytes. */
@ApplicationScoped
public class WeComRobot implements ChannelSender {

    private final HttpPost http;
    private final ObjectMapper mapper;

    public WeComRobot(HttpPost http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public Subscription.Channel channel() {
        return Subscription.Channel.WECOM;
    }

    @Override
    public int maxBytes() {
        return 4096;
    }

    @Override
    public SendResult send(Subscription subscription, String deliveryId, Message message, String body) {
        String json = mapper.createObjectNode().put("msgtype", "markdown")
                .set("markdown", mapper.createObjectNode().put("content", Message.truncate(message.markdown(), maxBytes())))
                .toString();
        return http.post(subscription.target, json, Map.of(), true);
    }
}
