package cn.qinzhou.livelihood.notification.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;

/** 订阅: who is told of which alert changes, by which channel, when. */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    public enum Channel {
        /** 企业微信群机器人 */
        WECOM,
        /** 钉钉自定义机器人 */
        DINGTALK,
        EMAIL,
        /** a system of the recipient's, signed with HMAC */
        WEBHOOK
    }

    public enum Mode {
        /** each matching change as it happens (non-urgent ones held back during quiet hours) */
        IMMEDIATE,
        /** one summary a working day at the digest time; urgent changes still go at once */
        DIGEST
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String recipient;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    public String target;
    @Column(name = "secret_name")
    public String secretName;
    /** Comma-separated; empty = every rule. */
    public String rules;
    @Column(name = "min_severity")
    public String minSeverity;
    /** Comma-separated; empty = every programme. */
    @Column(name = "programme_ids")
    public String programmeIds;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    @Enumerated(EnumType.STRING)
    public Mode mode;
    @Column(name = "digest_time")
    public LocalTime digestTime;
    @Column(name = "quiet_from")
    public LocalTime quietFrom;
    @Column(name = "quiet_until")
    public LocalTime quietUntil;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    public List<String> ruleList() {
        return split(rules);
    }

    public List<Integer> programmeList() {
        return split(programmeIds).stream().map(Integer::valueOf).toList();
    }

    static List<String> split(String list) {
        return list == null || list.isBlank() ? List.of() : Arrays.stream(list.split(",")).map(String::trim).toList();
    }
}
