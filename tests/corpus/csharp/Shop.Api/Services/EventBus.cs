using System;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using MessagePack.Resolvers;

namespace Shop.Api.Services;

[MessagePackObject]
public class StockChanged
{
    [Key(0)] public string Sku { get; set; } = "";
    [Key(1)] public int Delta { get; set; }
}

/// Messages between the shop and the warehouse service go over a queue as
/// MessagePack.
public class EventBus
{
    private static readonly MessagePackSerializerOptions Untrusted =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    private readonly IQueue _queue;

    public EventBus(IQueue queue)
    {
        _queue = queue;
    }

    public async Task<object> ReceiveAnyAsync(CancellationToken ct)
    {
        var bytes = await _queue.ReceiveAsync(ct);
        // techlead-expect: csharp-messagepack-typeless
        return MessagePackSerializer.Typeless.Deserialize(bytes)!;
    }

    public async Task<StockChanged> ReceiveStockAsync(CancellationToken ct)
    {
        var bytes = await _queue.ReceiveAsync(ct);
        // techlead-safe
        return MessagePackSerializer.Deserialize<StockChanged>(bytes, Untrusted, ct);
    }
}

public interface IQueue
{
    Task<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct);
}
