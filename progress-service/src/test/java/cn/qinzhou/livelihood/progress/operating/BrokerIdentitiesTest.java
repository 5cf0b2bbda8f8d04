package cn.qinzhou.livelihood.progress.operating;

import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.progress.catalog.ProjectCatalog;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the broker keeps for this instance across a restart, as it shows it to an operator: the catalog's consumer is
 * a static member of its group and the outbox relay has a transactional id, both named by this instance (host and
 * port). So the same instance restarted after a crash takes its partitions back at once and fences its predecessor's
 * open transaction, and a second instance on the same host shares neither.
 */
@QuarkusTest
class BrokerIdentitiesTest {

    @Test
    void theCatalogConsumerIsAStaticMemberNamedByItsInstance() {
        try (Admin admin = admin()) {
            String instanceName = catalogMemberName(admin);
            // the host's name and the HTTP port, in the characters the broker takes
            assertThat(instanceName).matches("[A-Za-z0-9._-]+-[0-9]+");
        }
    }

    @Test
    void theOutboxRelaysTransactionalIdIsNamedByTheSameInstance() {
        ProjectEvents.publishKnown("IDENTITY-1", "identity-unit", 4, "ACTIVE", "100");
        // A report's event is what the relay's first transaction carries.
        Reports.submit("identity-unit", "IDENTITY-1", "2024-08", Reports.body("10", "10")).statusCode(201);
        try (Admin admin = admin()) {
            String instanceName = catalogMemberName(admin);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.listTransactions().all().get(10, TimeUnit.SECONDS))
                            .extracting(TransactionListing::transactionalId)
                            .contains("progress-service-relay-" + instanceName));
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.broker().bootstrapServers()));
    }

    private static String catalogMemberName(Admin admin) {
        AtomicReference<String> name = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(ProjectCatalog.CONSUMER_GROUP))
                    .describedGroups().get(ProjectCatalog.CONSUMER_GROUP).get(10, TimeUnit.SECONDS);
            assertThat(group.members()).hasSize(1);
            MemberDescription member = group.members().iterator().next();
            assertThat(member.groupInstanceId()).as("its group.instance.id").isPresent();
            assertThat(member.assignment().topicPartitions()).isNotEmpty();
            name.set(member.groupInstanceId().get());
        });
        return name.get();
    }
}
