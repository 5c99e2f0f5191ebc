using System;
using System.Web.UI;
using System.Web.UI.WebControls;

namespace Shop.Legacy
{
    /// Web Forms checkout that still serves the B2B customers.
    public partial class CheckoutPage : Page
    {
        protected DropDownList ShippingAddress;
        protected Button PlaceOrder;

        protected override void OnInit(EventArgs e)
        {
            // techlead-safe
            ViewStateUserKey = Session.SessionID;
            // techlead-safe
            ViewStateEncryptionMode = ViewStateEncryptionMode.Always;
            base.OnInit(e);
        }

        protected void Page_Load(object sender, EventArgs e)
        {
            if (!IsPostBack)
            {
                ShippingAddress.DataSource = AddressBook.For(User.Identity.Name);
                ShippingAddress.DataBind();
            }
        }
    }

    /// The bulk-order grid posts rows added on the client by script, which
    /// event validation rejected; it was switched off instead.
    public partial class BulkOrderPage : Page
    {
        protected void Page_PreInit(object sender, EventArgs e)
        {
            // techlead-expect: csharp-viewstate-protection-disabled
            EnableEventValidation = false;
            // techlead-expect: csharp-viewstate-protection-disabled
            EnableViewStateMac = false;
        }
    }
}
