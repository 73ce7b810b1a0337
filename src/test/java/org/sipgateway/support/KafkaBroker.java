package org.sipgateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real single-node Kafka 3.9 broker (KRaft, broker and controller in one) on 127.0.0.1, in a JVM
 * of its own started from this JVM's classpath ({@code org.apache.kafka:kafka_2.13}, a test
 * dependency), with its storage, configuration and log in a temporary folder that {@link #close}
 * deletes.
 *
 * <p>The broker JVM runs {@link Launcher}: it formats the storage with
 * {@code kafka.tools.StorageTool format -t <random cluster id> -c server.properties} (a static
 * quorum, {@code controller.quorum.voters=1@127.0.0.1:<controller port>}) and then runs
 * {@code kafka.Kafka server.properties}. Doing both in one JVM saves a JVM start (about 1.5 s).
 * {@link #start} returns once the PLAINTEXT port accepts and an admin client sees the broker in
 * the cluster, so topics can be created and records sent straight away.
 *
 * <p>Internal topics have one partition and one replica, and the first consumer group is not
 * held back ({@code group.initial.rebalance.delay.ms=0}), so a consumer joins within a second.
 * Topics are created on first use ({@code auto.create.topics.enable}, Kafka's default), with one
 * partition; {@link #createTopic} makes them up front with more.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String INSTALL_HINT = "the Kafka broker runs from the test classpath "
            + "(org.apache.kafka:kafka_2.13 in pom.xml, test scope)";
    /** The broker JVM's options: a small heap, serial GC and C1 only, which start fastest. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-Xms128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final BrokerProcess process;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Admin admin;
    private Duration startupTime = Duration.ZERO;

    private KafkaBroker(BrokerProcess process, Path dir, int port, int controllerPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.admin = Admin.create(clientProperties(HOST + ":" + port, Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(ADMIN_TIMEOUT.toMillis()))));
    }

    /** Starts a broker on two free ports of 127.0.0.1 and returns once it serves clients. */
    public static KafkaBroker start() {
        long started = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = FreePorts.tcp();
        int controllerPort = FreePorts.tcp();
        Path properties = dir.resolve("server.properties");
        try {
            Files.writeString(properties, serverProperties(dir.resolve("data"), port, controllerPort),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(Launcher.class.getName());
        command.add(Uuid.randomUuid().toString());
        command.add(properties.toString());
        BrokerProcess process = BrokerProcess.start("Kafka broker", command, Map.of(), dir, dir.resolve("kafka.log"),
                INSTALL_HINT, "");
        process.awaitReady(STARTUP, "listening on " + HOST + ":" + port, () -> BrokerProcess.accepts(port));
        KafkaBroker broker = new KafkaBroker(process, dir, port, controllerPort);
        broker.awaitCluster();
        broker.startupTime = Duration.ofNanos(System.nanoTime() - started);
        return broker;
    }

    /** The listener is open once the broker is unfenced; an admin client seeing it in the cluster confirms it. */
    private void awaitCluster() {
        try {
            if (admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                String diagnostics = diagnostics();
                close();
                fail("the Kafka broker listens but its cluster has no node\n" + diagnostics);
            }
        } catch (ExecutionException | TimeoutException e) {
            String diagnostics = diagnostics();
            close();
            throw new AssertionError("the Kafka broker listens but does not answer an admin client: " + e
                    + "\n" + diagnostics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AssertionError("interrupted while waiting for the Kafka broker", e);
        }
    }

    /** This JVM's classpath with every entry made absolute: the broker JVM runs in its own folder. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                // One partition instead of 50: the first consumer group is ready in well under a second.
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                // Fewer threads and a small compaction buffer (128 MiB by default) on a 2-core machine.
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "log.cleaner.dedupe.buffer.size=8388608",
                "");
    }

    /** The broker JVM: formats the storage named in server.properties, then runs the broker in the foreground. */
    public static final class Launcher {

        private Launcher() {
        }

        /** {@code <cluster id> <server.properties>}. */
        public static void main(String[] args) {
            int formatted = kafka.tools.StorageTool.execute(new String[] {"format", "-t", args[0], "-c", args[1]},
                    System.out);
            if (formatted != 0) {
                System.err.println("kafka.tools.StorageTool format exited with " + formatted);
                System.exit(formatted);
            }
            kafka.Kafka.main(new String[] {args[1]});
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code kafka:<topic>?brokers=...} and Kafka clients. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** From {@link #start} being called to the broker answering the admin client. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Creates {@code name} with {@code partitions} partitions (one replica) and waits until the broker has it. */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot create topic " + name + ": " + e + "\n" + process.diagnostics(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while creating topic " + name, e);
        }
    }

    /** Sends one record ({@code key} may be null) and waits for the broker's acknowledgement. */
    public RecordMetadata send(String topic, String key, String value) {
        Properties properties = clientProperties(bootstrapServers(), Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot send to " + topic + ": " + e + "\n" + process.diagnostics(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition (no consumer group, nothing
     * committed) until at least {@code count} records have arrived, and returns them all, in
     * arrival order (which is offset order within a partition). Fails, naming what did arrive,
     * when fewer than {@code count} are there within {@code timeout}; a topic that does not exist
     * yet is waited for, not created.
     */
    public List<Record> consume(String topic, int count, Duration timeout) {
        Properties properties = clientProperties(bootstrapServers(), Map.of(
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Record> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, remaining(deadline)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                if (partitions.isEmpty()) {
                    pause(); // the topic is not there yet: ask again, until the deadline
                }
            }
            if (partitions.isEmpty()) {
                fail("topic " + topic + " did not appear within " + timeout);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(remaining(deadline))) {
                    records.add(Record.of(record));
                }
            }
        }
        if (records.size() < count) {
            fail("expected " + count + " record(s) on " + topic + " within " + timeout + ", got " + records.size()
                    + ": " + records);
        }
        return records;
    }

    /** Partitions of {@code topic} as the broker reports them (empty when it does not exist). */
    public List<PartitionInfo> partitions(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clientProperties(bootstrapServers(),
                Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false")), new StringDeserializer(),
                new StringDeserializer())) {
            return consumer.partitionsFor(topic, ADMIN_TIMEOUT);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a Kafka topic", e);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static Properties clientProperties(String bootstrap, Map<String, String> extra) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // The first connect can race the listener: retry quickly rather than back off to a second.
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "20");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        properties.putAll(extra);
        return properties;
    }

    /** The broker's log (its stdout and stderr: the storage format, then the broker's own lines). */
    public String log() {
        return process.log();
    }

    /** The command line, the exit code if it exited, and the tail of the log. */
    public String diagnostics() {
        return process.diagnostics();
    }

    /** Stops the broker (SIGTERM, SIGKILL after 10 s) and deletes its folder, storage and log included. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        process.stop(Duration.ofSeconds(10));
        BrokerProcess.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", controller " + HOST + ":" + controllerPort + ", " + dir + "]";
    }

    /** One record as the consumer helper read it: strings for key and value, headers as UTF-8 text. */
    public record Record(String topic, int partition, long offset, String key, String value,
            Map<String, String> headers) {

        static Record of(ConsumerRecord<String, String> record) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8));
            }
            return new Record(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    Collections.unmodifiableMap(headers));
        }
    }
}
