package cn.qinzhou.livelihood.progress.catalog;

import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog's consumer is a static member of its group, as the broker shows it to an operator: named by this
 * instance (host and port), so the same instance restarted after a crash takes its partitions back at once instead
 * of after the dead member's session.
 */
@QuarkusTest
class CatalogGroupMembershipTest {

    @Test
    void theCatalogConsumerIsAStaticMemberNamedByItsInstance() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.broker().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(ProjectCatalog.CONSUMER_GROUP))
                        .describedGroups().get(ProjectCatalog.CONSUMER_GROUP).get(10, TimeUnit.SECONDS);
                assertThat(group.members()).hasSize(1);
                MemberDescription member = group.members().iterator().next();
                assertThat(member.groupInstanceId()).as("its group.instance.id").isPresent();
                // the host's name and the HTTP port, in the characters the broker takes
                assertThat(member.groupInstanceId().get()).matches("[A-Za-z0-9._-]+-[0-9]+");
                assertThat(member.assignment().topicPartitions()).isNotEmpty();
            });
        }
    }
}
