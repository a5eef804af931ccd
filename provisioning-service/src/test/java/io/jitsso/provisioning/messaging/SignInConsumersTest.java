package io.jitsso.provisioning.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.contracts.events.Topics;
import io.jitsso.testing.KafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Sign-ins of different accounts are applied side by side: the service runs
 * {@code jitsso.consumer.sign-in-concurrency} (3) consumers of the sign-in topic in its group, each
 * with its own partitions (the test broker creates topics with 3). One account's events share a
 * partition, so they stay in order (ConcurrentSignInTest, ProvisioningRestartIT).
 */
@QuarkusTest
class SignInConsumersTest {

    @Test
    void threeConsumersShareTheSignInTopicsPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, Set<TopicPartition>> owners = Map.of();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(java.util.List.of("provisioning-service"))
                        .all().get().get("provisioning-service");
                owners = group.members().stream()
                        .filter(member -> member.assignment().topicPartitions().stream()
                                .anyMatch(partition -> partition.topic().equals(Topics.SIGNIN_SUCCEEDED)))
                        .collect(Collectors.toMap(member -> member.consumerId(), member -> member.assignment()
                                .topicPartitions().stream()
                                .filter(partition -> partition.topic().equals(Topics.SIGNIN_SUCCEEDED))
                                .collect(Collectors.toSet())));
                if (owners.size() == 3) {
                    break;
                }
                Thread.sleep(500);
            }
            Map<String, Set<TopicPartition>> found = owners;
            assertEquals(3, found.size(), () -> "consumers of the sign-in topic: " + found);
            assertEquals(3, found.values().stream().mapToInt(Set::size).sum(), "every partition has one consumer");
            found.values().forEach(partitions -> assertEquals(1, partitions.size(), "one partition each"));
        }
    }
}
