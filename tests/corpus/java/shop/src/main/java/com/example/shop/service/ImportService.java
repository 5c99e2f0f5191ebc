package com.example.shop.service;

import java.beans.XMLDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;

import org.w3c.dom.Document;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.thoughtworks.xstream.XStream;

/** Imports catalogues and carts from partners in XML, YAML, JSON and Java serialization. */
public class ImportService {

    // techlead-expect: java-jackson-default-typing
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class")
    public abstract static class CartItem {
    }

    // techlead-safe
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    public abstract static class Discount {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectMapper typedMapper = new ObjectMapper();

    public ImportService() {
        // techlead-expect: java-jackson-default-typing
        mapper.enableDefaultTyping();
        // techlead-safe
        typedMapper.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfSubType("com.example.shop.").build());
    }

    public Document catalogue(InputStream xml) throws Exception {
        // techlead-expect: java-xxe-parser-not-hardened
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        DocumentBuilder builder = dbf.newDocumentBuilder();
        return builder.parse(xml);
    }

    public Document catalogueSafe(InputStream xml) throws Exception {
        // techlead-safe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return dbf.newDocumentBuilder().parse(xml);
    }

    public void stream(InputStream xml) throws Exception {
        // techlead-expect: java-xxe-parser-not-hardened
        SAXParserFactory.newInstance().newSAXParser().parse(xml, new CatalogueHandler());
    }

    public void pull(InputStream xml) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        // techlead-expect: java-xxe-external-entities
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, true);
        factory.createXMLStreamReader(xml).close();
    }

    public Object partnerCart(String xml) {
        XStream xstream = new XStream();
        // techlead-expect: java-xstream-unrestricted
        return xstream.fromXML(xml);
    }

    public Object legacyBean(byte[] body) {
        // techlead-expect: java-xml-decoder
        try (XMLDecoder decoder = new XMLDecoder(new ByteArrayInputStream(body))) {
            return decoder.readObject();
        }
    }

    public Object session(byte[] blob) throws IOException, ClassNotFoundException {
        // techlead-expect: java-object-input-stream
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(blob))) {
            return in.readObject();
        }
    }

    public Object sessionSafe(byte[] blob) throws IOException, ClassNotFoundException {
        // techlead-safe
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(blob))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.shop.model.*;!*"));
            return in.readObject();
        }
    }

    public Map<String, Object> settings(String text) {
        // techlead-expect: java-snakeyaml-unsafe-load
        Yaml yaml = new Yaml();
        return yaml.load(text);
    }

    public Map<String, Object> settingsSafe(String text) {
        // techlead-safe
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return yaml.load(text);
    }

    public List<?> items(String json) throws IOException {
        // techlead-safe
        return new ObjectMapper().readValue(json, List.class);
    }

    static final class CatalogueHandler extends org.xml.sax.helpers.DefaultHandler {
    }
}
