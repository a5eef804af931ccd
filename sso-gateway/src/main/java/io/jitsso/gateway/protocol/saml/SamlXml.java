package io.jitsso.gateway.protocol.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.PropertyResourceBundle;
import javax.xml.XMLConstants;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.apache.xml.security.utils.I18n;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * OpenSAML's one-time initialization and the only way XML enters the gateway: a parser that refuses
 * DTDs (so no entity expansion, no billion laughs, no XXE), resolves no external entities or
 * XIncludes, runs with secure processing limits, and drops comments (a comment inside a signed
 * NameID cannot split the value the application reads from the value that was signed).
 *
 * <p>What the initialization loads by name (classes, configuration files, services) is registered for
 * native images by {@link OpenSamlReflection} and {@code application.properties}; see docs/architecture.md,
 * ADR-16, and {@code OpenSamlNativeRegistrationTest}.
 */
public final class SamlXml {

    /**
     * xmlsec's English messages. Installed from this plain resource instead of xmlsec's own
     * {@code ResourceBundle.getBundle} lookup, so a native image needs the file as a resource only and no
     * registered resource bundle.
     */
    static final String XMLSEC_MESSAGES = "/org/apache/xml/security/resource/xmlsecurity_en.properties";

    private static volatile BasicParserPool parserPool;

    /** The JDK parser's limit on nesting (jdk.xml.maxElementDepth), as a DocumentBuilderFactory attribute. */
    private static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    /** Deepest element accepted in a response or a metadata document. */
    static final int MAX_DEPTH = 64;

    private SamlXml() {
    }

    /** Initializes OpenSAML once per JVM; later calls return at once. */
    public static void bootstrap() {
        if (parserPool != null) {
            return;
        }
        synchronized (SamlXml.class) {
            if (parserPool != null) {
                return;
            }
            try {
                installXmlSecurityMessages();
                InitializationService.initialize();
                BasicParserPool pool = securePool();
                XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
                if (registry == null) {
                    throw new IllegalStateException("OpenSAML did not register its XML object providers");
                }
                registry.setParserPool(pool);
                parserPool = pool;
            } catch (InitializationException | ComponentInitializationException e) {
                throw new IllegalStateException("OpenSAML cannot be initialized", e);
            }
        }
    }

    /** Must run before xmlsec's {@code Init.init()}, which would otherwise look the bundle up itself. */
    private static void installXmlSecurityMessages() {
        try (InputStream messages = SamlXml.class.getResourceAsStream(XMLSEC_MESSAGES)) {
            if (messages == null) {
                throw new IllegalStateException("xmlsec's messages are not on the classpath: " + XMLSEC_MESSAGES);
            }
            I18n.init(new PropertyResourceBundle(messages));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read xmlsec's messages", e);
        }
    }

    private static BasicParserPool securePool() throws ComponentInitializationException {
        BasicParserPool pool = new BasicParserPool();
        pool.setMaxPoolSize(50);
        pool.setNamespaceAware(true);
        pool.setIgnoreComments(true);
        pool.setExpandEntityReferences(false);
        pool.setXincludeAware(false);
        pool.setIgnoreElementContentWhitespace(false);
        Map<String, Boolean> features = new HashMap<>();
        features.put("http://apache.org/xml/features/disallow-doctype-decl", Boolean.TRUE);
        features.put("http://xml.org/sax/features/external-general-entities", Boolean.FALSE);
        features.put("http://xml.org/sax/features/external-parameter-entities", Boolean.FALSE);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", Boolean.FALSE);
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, Boolean.TRUE);
        pool.setBuilderFeatures(features);
        // secure processing leaves element depth unlimited on JDK 17; OpenSAML unmarshals recursively, so
        // 128 KB of nested elements would end in a StackOverflowError instead of a refusal. A real response is
        // about ten levels deep.
        pool.setBuilderAttributes(Map.of(MAX_ELEMENT_DEPTH, String.valueOf(MAX_DEPTH)));
        pool.initialize();
        return pool;
    }

    /** Parses untrusted XML; an {@link IllegalArgumentException} says it is not acceptable XML. */
    static Document parse(byte[] xml) {
        bootstrap();
        try {
            return parserPool.parse(new ByteArrayInputStream(xml));
        } catch (XMLParserException e) {
            throw new IllegalArgumentException("not well-formed XML, or XML with a DTD", e);
        }
    }

    /** The OpenSAML object of a parsed element. */
    static XMLObject unmarshall(Element element) {
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(element);
        if (unmarshaller == null) {
            throw new IllegalArgumentException("unknown element " + element.getLocalName());
        }
        try {
            return unmarshaller.unmarshall(element);
        } catch (UnmarshallingException e) {
            throw new IllegalArgumentException("not a valid SAML document", e);
        }
    }
}
