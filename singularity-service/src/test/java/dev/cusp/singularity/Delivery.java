package dev.cusp.singularity;

import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Message;

/** An in-memory message whose acknowledgement or negative acknowledgement (with its reason) a test can await. */
final class Delivery<T> {
    final CompletableFuture<Void> acked = new CompletableFuture<>();
    final CompletableFuture<Throwable> nacked = new CompletableFuture<>();
    final Message<T> message;

    Delivery(T payload) {
        this.message = Message.of(payload)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(reason -> {
                    nacked.complete(reason);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
