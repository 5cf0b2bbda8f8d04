package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.notification.alerting.Alert;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A subscription as a client writes it (create and replace).
 *
 * @param target      the robot or webhook URL, or the e-mail address
 * @param secretName  the name of the signing key in configuration ({@code livelihood.delivery.secrets.<name>}),
 *                    required for DINGTALK and WEBHOOK; the key itself is never sent here
 * @param rules       the alert rules wanted; empty or absent = all
 * @param minSeverity the least severity wanted (default INFO)
 * @param programmeIds the programmes wanted; empty or absent = all
 * @param leadUnitId  only this lead unit's alerts; a lead unit's caller may give only its own (the default for it)
 * @param digestTime  HH:mm, Asia/Shanghai, working days (default 09:00)
 * @param quietFrom   start of the quiet hours (HH:mm), given with quietUntil; may wrap midnight
 */
public record SubscriptionRequest(
        @NotBlank @Size(max = 200) String recipient,
        @NotNull Subscription.Channel channel,
        @NotBlank @Size(max = 2000) String target,
        @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "{notification.secret-name.pattern}") String secretName,
        @Size(max = 10) List<Alert.@NotNull Rule> rules,
        Alert.Severity minSeverity,
        @Size(max = 100) List<@NotNull @Positive Integer> programmeIds,
        @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.:-]+", message = "{notification.lead-unit-id.pattern}") String leadUnitId,
        @NotNull Subscription.Mode mode,
        @Pattern(regexp = TIME, message = "{notification.time.pattern}") String digestTime,
        @Pattern(regexp = TIME, message = "{notification.time.pattern}") String quietFrom,
        @Pattern(regexp = TIME, message = "{notification.time.pattern}") String quietUntil) {

    static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";
}
