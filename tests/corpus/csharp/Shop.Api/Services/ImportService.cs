using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using System.Web.Script.Serialization;
using System.Xml;
using System.Xml.Xsl;
using Newtonsoft.Json;

namespace Shop.Api.Services;

/// Imports partner catalogues in XML, JSON and legacy binary formats.
public class ImportService
{
    public XmlDocument Catalogue(Stream xml)
    {
        var settings = new XmlReaderSettings
        {
            // techlead-expect: csharp-xml-dtd-processing
            DtdProcessing = DtdProcessing.Parse,
        };
        var doc = new XmlDocument();
        doc.Load(XmlReader.Create(xml, settings));
        return doc;
    }

    public XmlDocument CatalogueSafe(Stream xml)
    {
        // techlead-safe
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        var doc = new XmlDocument { XmlResolver = null };
        doc.Load(XmlReader.Create(xml, settings));
        return doc;
    }

    public object LegacyCart(Stream blob)
    {
        // techlead-expect: csharp-binary-formatter
        var formatter = new BinaryFormatter();
        return formatter.Deserialize(blob);
    }

    public object PartnerCart(string json)
    {
        // techlead-expect: csharp-json-type-name-handling
        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
        return JsonConvert.DeserializeObject(json, settings)!;
    }

    public Cart PartnerCartSafe(string json)
    {
        // techlead-safe
        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
        return JsonConvert.DeserializeObject<Cart>(json, settings)!;
    }

    public object OldWidget(string json)
    {
        // techlead-expect: csharp-unsafe-type-resolver
        var serializer = new JavaScriptSerializer(new SimpleTypeResolver());
        return serializer.DeserializeObject(json);
    }

    public object OldWidgetSafe(string json)
    {
        // techlead-safe
        return new JavaScriptSerializer().Deserialize<Cart>(json);
    }

    public string Transform(string xmlPath, string xslPath)
    {
        var xslt = new XslCompiledTransform();
        // techlead-expect: csharp-xslt-script-enabled
        xslt.Load(xslPath, new XsltSettings(true, true), new XmlUrlResolver());
        using var writer = new StringWriter();
        xslt.Transform(xmlPath, null, writer);
        return writer.ToString();
    }

    public string TransformSafe(string xmlPath)
    {
        var xslt = new XslCompiledTransform();
        // techlead-safe
        xslt.Load("Templates/catalogue.xslt", XsltSettings.Default, null);
        using var writer = new StringWriter();
        xslt.Transform(xmlPath, null, writer);
        return writer.ToString();
    }

    public string Price(XmlDocument doc, string sku)
    {
        // techlead-expect: csharp-xpath-injection
        var node = doc.SelectSingleNode("//product[@sku='" + sku + "']/price");
        // techlead-safe
        var fallback = doc.SelectSingleNode("//product[@default='true']/price");
        return (node ?? fallback)?.InnerText ?? "0";
    }

    public class Cart
    {
        public string[] Items { get; set; } = [];
    }
}
