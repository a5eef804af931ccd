package io.jitsso.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.client.SessionServiceApi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppRegistrationsTest {

    private final Map<String, SessionServiceApi.AppRegistration> registered = new HashMap<>();
    private final AtomicInteger asked = new AtomicInteger();

    private Uni<Optional<SessionServiceApi.AppRegistration>> sessionService(String tenant, String clientId) {
        asked.incrementAndGet();
        return Uni.createFrom().item(Optional.ofNullable(registered.get(tenant + "/" + clientId)));
    }

    private Optional<SessionServiceApi.AppRegistration> find(AppRegistrations apps, String tenant, String clientId) {
        return apps.find(tenant, clientId).await().indefinitely();
    }

    @Test
    void aRegisteredAppIsServedFromMemoryWithinTheTtl() {
        registered.put("t1/app", new SessionServiceApi.AppRegistration("app", "App", List.of("https://app.example/cb")));
        AppRegistrations apps = new AppRegistrations(this::sessionService, Duration.ofMinutes(1));
        assertEquals(List.of("https://app.example/cb"), find(apps, "t1", "app").orElseThrow().redirectUris());
        assertEquals(List.of("https://app.example/cb"), find(apps, "t1", "app").orElseThrow().redirectUris());
        assertEquals(1, asked.get(), "the second lookup needs no call to session-service");
        assertTrue(find(apps, "t2", "app").isEmpty(), "the same client id in another tenant is another app");
    }

    @Test
    void anUnknownAppIsAskedForEveryTimeSoItWorksOnceCreated() {
        AppRegistrations apps = new AppRegistrations(this::sessionService, Duration.ofMinutes(1));
        assertTrue(find(apps, "t1", "new-app").isEmpty());
        registered.put("t1/new-app", new SessionServiceApi.AppRegistration("new-app", "New", List.of("https://new.example/cb")));
        assertTrue(find(apps, "t1", "new-app").isPresent(), "a not-found answer is not remembered");
        assertEquals(2, asked.get());
    }

    @Test
    void anExpiredEntryAndAZeroTtlAskAgain() throws InterruptedException {
        registered.put("t1/app", new SessionServiceApi.AppRegistration("app", "App", List.of("https://app.example/cb")));
        AppRegistrations uncached = new AppRegistrations(this::sessionService, Duration.ZERO);
        find(uncached, "t1", "app");
        find(uncached, "t1", "app");
        assertEquals(2, asked.get(), "PT0S asks session-service every time");

        AppRegistrations shortLived = new AppRegistrations(this::sessionService, Duration.ofMillis(50));
        find(shortLived, "t1", "app");
        registered.put("t1/app", new SessionServiceApi.AppRegistration("app", "App", List.of("https://moved.example/cb")));
        Thread.sleep(80);
        assertEquals(List.of("https://moved.example/cb"), find(shortLived, "t1", "app").orElseThrow().redirectUris(),
                "after the TTL the registration is read again");
    }
}
