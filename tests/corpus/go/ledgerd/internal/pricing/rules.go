// Package pricing evaluates the fee rules of the ledger. Rules are small
// JavaScript snippets kept in the database; the preview endpoint lets
// product managers try a rule before saving it.
package pricing

import (
	"net/http"
	"strconv"

	"github.com/dop251/goja"
	"github.com/labstack/echo/v4"
)

// Engine evaluates fee rules.
type Engine struct {
	rules map[string]string
}

// Preview runs the rule text sent by the rule editor.
func (e *Engine) Preview(c echo.Context) error {
	vm := goja.New()
	amount, err := strconv.ParseFloat(c.QueryParam("amount"), 64)
	if err != nil {
		return c.String(http.StatusBadRequest, "bad amount")
	}
	_ = vm.Set("amount", amount)
	rule := c.FormValue("rule")
	// techlead-expect: go-script-engine-code-injection
	v, err := vm.RunString("(function(amount){ return " + rule + " })(amount)")
	if err != nil {
		return c.String(http.StatusUnprocessableEntity, "rule failed")
	}
	return c.JSON(http.StatusOK, map[string]interface{}{"fee": v.Export()})
}

// Fee runs a stored rule; the request only chooses which rule and the amount.
func (e *Engine) Fee(c echo.Context) error {
	src, ok := e.rules[c.Param("rule")]
	if !ok {
		return c.NoContent(http.StatusNotFound)
	}
	vm := goja.New()
	_ = vm.Set("amount", c.QueryParam("amount"))
	// techlead-safe
	v, err := vm.RunString(src)
	if err != nil {
		return c.String(http.StatusUnprocessableEntity, "rule failed")
	}
	return c.JSON(http.StatusOK, map[string]interface{}{"fee": v.Export()})
}
