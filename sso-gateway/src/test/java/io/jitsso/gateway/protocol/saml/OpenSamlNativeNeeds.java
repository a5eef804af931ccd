package io.jitsso.gateway.protocol.saml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.opensaml.core.config.Configuration;
import org.opensaml.core.config.ConfigurationPropertiesSource;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.config.AbstractXMLObjectProviderInitializer;
import org.opensaml.core.xml.config.XMLConfigurator;
import org.opensaml.security.credential.criteria.impl.EvaluableCredentialCriteriaRegistry;
import org.opensaml.xmlsec.algorithm.AlgorithmDescriptor;
import org.opensaml.xmlsec.signature.support.SignatureValidationProvider;
import org.opensaml.xmlsec.signature.support.SignerProvider;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What {@link SamlXml#bootstrap()} and the SAML code after it load by name at run time, read from the
 * real OpenSAML and xmlsec jars on the test classpath, the same way the libraries read them: the classes
 * they instantiate or look up reflectively (grouped by where they are named) and the classpath resources
 * they open. A native image has exactly these to register.
 */
record OpenSamlNativeNeeds(Map<String, Set<String>> classesBySource, Set<String> resources) {

    /**
     * Every interface OpenSAML 4.0.1 loads with {@code ServiceLoader.load} (opensaml-core, -xmlsec-api and
     * -xmlsec-impl; java-support and xmlsec use none). A new OpenSAML version that adds a call must add its
     * interface here.
     */
    static final List<Class<?>> SERVICE_INTERFACES = List.of(Initializer.class, Configuration.class,
            ConfigurationPropertiesSource.class, AlgorithmDescriptor.class, SignerProvider.class,
            SignatureValidationProvider.class);

    private static final Set<String> PROVIDER_ELEMENTS = Set.of("BuilderClass", "MarshallingClass", "UnmarshallingClass");

    /** Every class name, each once. */
    Set<String> classNames() {
        Set<String> all = new TreeSet<>();
        classesBySource.values().forEach(all::addAll);
        return all;
    }

    static OpenSamlNativeNeeds read() {
        Map<String, Set<String>> classes = new LinkedHashMap<>();
        Set<String> resources = new LinkedHashSet<>();
        for (Class<?> service : SERVICE_INTERFACES) {
            String file = "META-INF/services/" + service.getName();
            Set<String> providers = serviceProviders(file);
            if (!providers.isEmpty()) {
                classes.put(file, providers);
                resources.add(file);
            }
        }
        // XMLConfigurator validates every provider configuration against this schema
        resources.add(XMLConfigurator.XMLTOOLING_SCHEMA_LOCATION.substring(1));
        for (String initializer : classes.getOrDefault("META-INF/services/" + Initializer.class.getName(), Set.of())) {
            for (String config : configResources(initializer)) {
                String resource = config.startsWith("/") ? config.substring(1) : config;
                resources.add(resource);
                classes.put(resource, providerClasses(resource));
            }
        }
        // xmlsec's Init.init() registers its algorithms as classes and instantiates them reflectively later
        SamlXml.bootstrap();
        resources.add(SamlXml.XMLSEC_MESSAGES.substring(1));
        classes.put("xmlsec SignatureAlgorithm registry", registeredClasses(SignatureAlgorithm.class, "algorithmHash"));
        classes.put("xmlsec Canonicalizer registry", registeredClasses(Canonicalizer.class, "canonicalizerHash"));
        // looked up by name once a criteria-filtering credential resolver evaluates criteria
        String criteria = EvaluableCredentialCriteriaRegistry.DEFAULT_MAPPINGS_FILE.substring(1);
        resources.add(criteria);
        classes.put(criteria, criteriaClasses(criteria));
        return new OpenSamlNativeNeeds(Collections.unmodifiableMap(classes), Collections.unmodifiableSet(resources));
    }

    /** Providers named in every copy of a services file on the classpath, as {@code ServiceLoader} reads them. */
    private static Set<String> serviceProviders(String file) {
        Set<String> providers = new TreeSet<>();
        for (URL url : resources(file)) {
            for (String line : text(url).split("\n")) {
                String provider = line.replaceAll("#.*", "").trim();
                if (!provider.isEmpty()) {
                    providers.add(provider);
                }
            }
        }
        return providers;
    }

    /** The configuration files an XMLObject provider initializer loads ({@code getConfigResources()}). */
    private static List<String> configResources(String initializerClass) {
        try {
            Class<?> type = Class.forName(initializerClass, false, loader());
            if (!AbstractXMLObjectProviderInitializer.class.isAssignableFrom(type)) {
                return List.of();
            }
            Object initializer = type.getConstructor().newInstance();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Method method = c.getDeclaredMethod("getConfigResources");
                    method.setAccessible(true);
                    return List.of((String[]) method.invoke(initializer));
                } catch (NoSuchMethodException inherited) {
                    // look in the superclass
                }
            }
            throw new IllegalStateException(initializerClass + " has no getConfigResources()");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the configuration files of " + initializerClass, e);
        }
    }

    /** Builder, marshaller and unmarshaller classes named in one provider configuration file. */
    private static Set<String> providerClasses(String resource) {
        URL url = loader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("an initializer loads " + resource + ", which is not on the classpath");
        }
        try (InputStream in = url.openStream()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            NodeList elements = factory.newDocumentBuilder().parse(in)
                    .getElementsByTagNameNS(XMLConfigurator.XMLTOOLING_CONFIG_NS, "*");
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < elements.getLength(); i++) {
                Element element = (Element) elements.item(i);
                String name = element.getAttributeNS(null, "className").trim();
                if (PROVIDER_ELEMENTS.contains(element.getLocalName()) && !name.isEmpty()) {
                    names.add(name);
                }
            }
            return names;
        } catch (IOException | org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** The classes held by one of xmlsec's static algorithm registries after {@code Init.init()}. */
    private static Set<String> registeredClasses(Class<?> registry, String field) {
        try {
            Field map = registry.getDeclaredField(field);
            map.setAccessible(true);
            Collection<?> values = ((Map<?, ?>) map.get(null)).values();
            Set<String> names = new TreeSet<>();
            values.forEach(value -> names.add(((Class<?>) value).getName()));
            if (names.isEmpty()) {
                throw new IllegalStateException(registry.getName() + "." + field + " is empty after Init.init()");
            }
            return names;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("xmlsec changed: no " + registry.getName() + "." + field, e);
        }
    }

    /** Criterion classes and their evaluators, both loaded by name. */
    private static Set<String> criteriaClasses(String resource) {
        URL url = loader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        Properties mappings = new Properties();
        try (InputStream in = url.openStream()) {
            mappings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        mappings.forEach((criterion, evaluator) -> {
            names.add(criterion.toString().trim());
            names.add(evaluator.toString().trim());
        });
        return names;
    }

    private static List<URL> resources(String name) {
        try {
            return Collections.list(loader().getResources(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }

    /** The registration source {@link OpenSamlReflection} should have, grouped by where each class is named. */
    String registrationSource() {
        StringBuilder out = new StringBuilder();
        out.append("""
                package io.jitsso.gateway.protocol.saml;

                import io.quarkus.runtime.annotations.RegisterForReflection;

                /**
                 * Every class OpenSAML 4 and xmlsec instantiate or look up by name after {@link SamlXml#bootstrap()},
                 * registered (constructors only) for native images: the builders, marshallers and unmarshallers of the
                 * XMLObject provider files the initializers load, the providers of the services OpenSAML loads with
                 * {@code ServiceLoader}, xmlsec's signature and canonicalization algorithms, and the credential criteria
                 * registry. Generated from the jars by {@code OpenSamlNativeRegistrationTest}, which fails when this
                 * list and the jars differ and writes the list it expects to
                 * {@code target/native-registrations/OpenSamlReflection.java}. See docs/architecture.md, ADR-16.
                 */
                @RegisterForReflection(methods = false, fields = false, ignoreNested = true, classNames = {
                """);
        Set<String> written = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        classesBySource.forEach((source, names) -> {
            List<String> fresh = names.stream().filter(written::add).toList();
            if (!fresh.isEmpty()) {
                lines.add("        // " + source);
                fresh.forEach(name -> lines.add("        \"" + name + "\","));
            }
        });
        out.append(String.join("\n", lines)).append("\n");
        out.append("""
                })
                final class OpenSamlReflection {

                    private OpenSamlReflection() {
                    }
                }
                """);
        return out.toString();
    }
}
