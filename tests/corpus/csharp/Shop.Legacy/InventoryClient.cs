using System;
using System.ServiceModel;
using System.Threading.Tasks;

namespace Shop.Legacy
{
    [ServiceContract]
    public interface IInventoryService
    {
        [OperationContract]
        Task<int> GetStockAsync(string sku);
    }

    /// Talks to the warehouse's old WCF inventory service.
    public sealed class InventoryClient : IDisposable
    {
        private readonly ChannelFactory<IInventoryService> _factory;
        private readonly ChannelFactory<IInventoryService> _replica;

        public InventoryClient(Uri primary, Uri replica)
        {
            // techlead-safe
            var secure = new NetTcpBinding(SecurityMode.Transport);
            secure.Security.Transport.ClientCredentialType = TcpClientCredentialType.Windows;
            _factory = new ChannelFactory<IInventoryService>(secure, new EndpointAddress(primary));

            var plain = new NetTcpBinding();
            // techlead-expect: csharp-wcf-security-none
            plain.Security.Mode = SecurityMode.None;
            _replica = new ChannelFactory<IInventoryService>(plain, new EndpointAddress(replica));
        }

        public Task<int> StockAsync(string sku) => _factory.CreateChannel().GetStockAsync(sku);

        public Task<int> ReplicaStockAsync(string sku) => _replica.CreateChannel().GetStockAsync(sku);

        public void Dispose()
        {
            _factory.Close();
            _replica.Close();
        }
    }
}
