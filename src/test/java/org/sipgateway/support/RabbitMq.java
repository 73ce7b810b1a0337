package org.sipgateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.qpid.jms.JmsConnectionFactory;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real AMQP 1.0 broker: Debian's RabbitMQ 3.10 ({@code rabbitmq-server}) with its
 * {@code rabbitmq_amqp1_0} plugin, as a private node on 127.0.0.1, for tests. It shares nothing
 * with a system RabbitMQ, if one runs:
 * <ul>
 * <li>node {@code gwtest-<pid>-<n>@localhost}, HOME (and so the Erlang cookie), database, logs,
 * configuration and plugin list in a temporary folder;</li>
 * <li>AMQP on a free port of 127.0.0.1 (AMQP 0-9-1 and 1.0 share it); Erlang distribution on
 * another, bound to 127.0.0.1 only; an epmd of its own on a third ({@code ERL_EPMD_PORT}), which
 * {@link #close} ends;</li>
 * <li>no management plugin: only {@code [rabbitmq_amqp1_0].} is enabled.</li>
 * </ul>
 * It runs {@code /usr/lib/rabbitmq/bin/rabbitmq-server} directly, as the current user (Debian's
 * {@code /usr/sbin/rabbitmq-server} would switch to the rabbitmq user and its own folders), in
 * the foreground, logging to stdout ({@code RABBITMQ_LOGS=-}), which goes to
 * {@code <dir>/rabbitmq.log}. {@link #start} returns once RabbitMQ logged "Server startup complete"
 * and its port answers the AMQP 1.0 protocol header with the same header (a node without the
 * plugin answers with its 0-9-1 header). That takes 6 to 10 s on 2 cores, most of it Erlang
 * loading and scanning RabbitMQ's modules, so a test class should start one node and share it.
 * The user guest/guest may connect from 127.0.0.1 (RabbitMQ's default {@code loopback_users}).
 *
 * <p>Addresses, as RabbitMQ 3.10's plugin reads them (all verified here with Qpid JMS 2.7):
 * <ul>
 * <li>a plain name such as {@code calls} ({@code amqp:queue:calls}) is a queue of that name,
 * declared on first use by a producer or a consumer, so a message sent before anyone listens is
 * kept;</li>
 * <li>a topic, where every subscriber gets each message, is {@code /topic/<routing key>} (or
 * {@code /exchange/amq.topic/<routing key>}) with camel-amqp's {@code useTopicPrefix=false}:
 * camel-amqp prefixes topics with {@code topic://} by default, which RabbitMQ rejects
 * ({@code Attach rejected: {unknown_destination,"topic://events"}}), and a plain topic name is
 * just a queue there, shared by competing consumers.</li>
 * </ul>
 *
 * <p><b>Drains crash RabbitMQ 3.10.8.</b> A Qpid JMS {@code receive(timeout)} that finds nothing
 * ends with a drain request, and RabbitMQ 3.10.8 answers a drain on an empty classic queue with
 * a crash of the channel ({@code function_clause} in {@code rabbit_classic_queue:handle_event}
 * for {@code send_drained}) that closes the connection. camel-amqp's consumer receives with a 1 s
 * timeout, so an idle consumer lost its connection every second and took seconds to see the next
 * message. Qpid JMS's {@code jms.receiveLocalOnly=true} turns the drain off: {@link #brokerUrl()}
 * and {@link #connectionFactory()} set it.
 */
public final class RabbitMq implements AutoCloseable {

    public static final String INSTALL_HINT = "RabbitMQ is required: apt-get install -y rabbitmq-server";
    public static final String USERNAME = "guest";
    public static final String PASSWORD = "guest";
    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path SERVER_LIBS = Path.of("/usr/lib/rabbitmq/lib");
    private static final String EPMD = "/usr/bin/epmd";
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);
    /** The AMQP 1.0 protocol header for SASL; a broker without 1.0 answers with its 0-9-1 header instead. */
    private static final byte[] AMQP_1_0_SASL = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final AtomicInteger NODES = new AtomicInteger();
    /**
     * RabbitMQ's line once its plugins run too: its listener opens about 0.1 s earlier, and
     * already answers the AMQP 1.0 header then.
     */
    private static final String STARTED = "Server startup complete";

    private final BrokerProcess process;
    private final Path dir;
    private final String node;
    private final int port;
    private final int epmdPort;
    private Duration startupTime = Duration.ZERO;

    private RabbitMq(BrokerProcess process, Path dir, String node, int port, int epmdPort) {
        this.process = process;
        this.dir = dir;
        this.node = node;
        this.port = port;
        this.epmdPort = epmdPort;
    }

    /** Fails (does not skip) when RabbitMQ or its AMQP 1.0 plugin is not installed. */
    public static void requireInstalled() {
        if (!Files.isExecutable(SERVER) || amqp10Plugin() == null) {
            fail(INSTALL_HINT + " (looked for " + SERVER + " and " + SERVER_LIBS
                    + "/rabbitmq_server-*/plugins/rabbitmq_amqp1_0-*)");
        }
    }

    private static Path amqp10Plugin() {
        try (DirectoryStream<Path> servers = Files.newDirectoryStream(SERVER_LIBS, "rabbitmq_server-*")) {
            for (Path server : servers) {
                try (DirectoryStream<Path> plugins = Files.newDirectoryStream(server.resolve("plugins"),
                        "rabbitmq_amqp1_0-*")) {
                    for (Path plugin : plugins) {
                        return plugin;
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Starts a private node and returns once it speaks AMQP 1.0 on {@link #amqpPort()}. */
    public static RabbitMq start() {
        requireInstalled();
        long started = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("rabbitmq-");
            int port = FreePorts.tcp();
            int distPort = FreePorts.tcp();
            int epmdPort = FreePorts.tcp();
            String node = "gwtest-" + ProcessHandle.current().pid() + "-" + NODES.incrementAndGet() + "@localhost";
            Path config = dir.resolve("rabbitmq.conf");
            Files.writeString(config, String.join("\n",
                    "listeners.tcp.default = " + HOST + ":" + port,
                    "loopback_users.guest = true",
                    ""), StandardCharsets.UTF_8);
            Path plugins = dir.resolve("enabled_plugins");
            Files.writeString(plugins, "[rabbitmq_amqp1_0].\n", StandardCharsets.US_ASCII);
            Path envFile = dir.resolve("rabbitmq-env.conf");
            Files.writeString(envFile, "# empty: /etc/rabbitmq/rabbitmq-env.conf is not read\n");

            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("HOME", dir.toString());
            environment.put("RABBITMQ_NODENAME", node);
            environment.put("RABBITMQ_NODE_IP_ADDRESS", HOST);
            environment.put("RABBITMQ_NODE_PORT", Integer.toString(port));
            environment.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
            environment.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
            environment.put("ERL_EPMD_ADDRESS", HOST);
            environment.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
            environment.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
            environment.put("RABBITMQ_LOGS", "-");
            environment.put("RABBITMQ_CONFIG_FILE", config.toString());
            environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString());
            environment.put("RABBITMQ_CONF_ENV_FILE", envFile.toString());
            // Erlang distribution on loopback only (it listens on every interface by default).
            environment.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");

            BrokerProcess process = BrokerProcess.start("RabbitMQ " + node, List.of(SERVER.toString()), environment,
                    dir, dir.resolve("rabbitmq.log"), INSTALL_HINT, EPMD + " -kill");
            RabbitMq rabbit = new RabbitMq(process, dir, node, port, epmdPort);
            try {
                process.awaitReady(STARTUP, "speaking AMQP 1.0 on " + HOST + ":" + port,
                        () -> process.log().contains(STARTED) && speaksAmqp10(port));
            } catch (AssertionError e) {
                rabbit.stopEpmd();
                throw e;
            }
            rabbit.startupTime = Duration.ofNanos(System.nanoTime() - started);
            return rabbit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the AMQP 1.0 SASL protocol header and reads the broker's: the same header back means
     * the listener is up and the 1.0 plugin handles it. (RabbitMQ logs the probe's early close.)
     */
    private static boolean speaksAmqp10(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(AMQP_1_0_SASL);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(AMQP_1_0_SASL.length);
            return Arrays.equals(answer, AMQP_1_0_SASL);
        } catch (IOException notYet) {
            return false;
        }
    }

    public int amqpPort() {
        return port;
    }

    /** {@code amqp://127.0.0.1:<port>}: the bare remote URI, without user or Qpid JMS options. */
    public String amqpUri() {
        return "amqp://" + HOST + ":" + port;
    }

    /**
     * Qpid JMS's remote URI as camel-amqp's {@code brokerUrl} wants it
     * ({@code camel.component.amqp.brokerUrl}): the component builds its connection factory from
     * the URL alone, so guest's user name and password are in it, and so is
     * {@code jms.receiveLocalOnly=true} (see the class comment).
     */
    public String brokerUrl() {
        return amqpUri() + "?jms.username=" + USERNAME + "&jms.password=" + PASSWORD + "&jms.receiveLocalOnly=true";
    }

    /**
     * A Qpid JMS connection factory for this broker as guest, receiving locally only (see the
     * class comment), e.g. for {@code new AMQPComponent(factory)}.
     */
    public JmsConnectionFactory connectionFactory() {
        JmsConnectionFactory factory = new JmsConnectionFactory(USERNAME, PASSWORD, amqpUri());
        factory.setReceiveLocalOnly(true);
        return factory;
    }

    public String nodeName() {
        return node;
    }

    /** From {@link #start} being called to the broker answering in AMQP 1.0. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Sends {@code text} as a JMS text message to the queue (address) {@code queue}, as guest. */
    public void send(String queue, String text) {
        try (Connection connection = connectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.send(session.createTextMessage(text));
        } catch (JMSException e) {
            throw new AssertionError("cannot send to " + queue + " on " + amqpUri() + ": " + e, e);
        }
    }

    /** Takes one message off {@code queue}, waiting up to {@code timeout}; fails when none comes. */
    public String receive(String queue, Duration timeout) {
        try (Connection connection = connectionFactory().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            Message message = consumer.receive(timeout.toMillis());
            if (message == null) {
                fail("no message on " + queue + " within " + timeout);
            }
            return message instanceof TextMessage text ? text.getText() : message.getBody(String.class);
        } catch (JMSException e) {
            throw new AssertionError("cannot receive from " + queue + " on " + amqpUri() + ": " + e, e);
        }
    }

    /** {@link #receive(String, Duration)} with 10 s. */
    public String receive(String queue) {
        return receive(queue, RECEIVE_TIMEOUT);
    }

    /** Everything the node logged so far (RabbitMQ's banner and log lines, the shell scripts' errors). */
    public String log() {
        return process.log();
    }

    public String diagnostics() {
        return process.diagnostics();
    }

    /**
     * Stops the node (SIGTERM: the start script has RabbitMQ shut down in order; SIGKILL after
     * 20 s), ends its epmd (the watchdog does once the node has exited; again here in case the
     * node had to be killed), and deletes its folder.
     */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
        stopEpmd();
        BrokerProcess.deleteRecursively(dir);
    }

    /** {@code epmd -kill} on this node's own epmd port (it refuses while a node is still registered). */
    private void stopEpmd() {
        ProcessBuilder builder = new ProcessBuilder(EPMD, "-kill").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        try {
            Process epmd = builder.start();
            if (!epmd.waitFor(5, TimeUnit.SECONDS)) {
                epmd.destroyForcibly();
            }
        } catch (IOException e) {
            // No epmd binary, so none was started.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RabbitMq[" + node + ", " + amqpUri() + ", " + dir + "]";
    }
}
