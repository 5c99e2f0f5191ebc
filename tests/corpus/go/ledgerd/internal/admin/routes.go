// Package admin is the back-office API of the ledger service (Gin + GORM).
package admin

import (
	"fmt"
	"log"
	"math"
	"net/http"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

// Account is a customer account row.
type Account struct {
	ID          uint
	DisplayName string
	Email       string
	Role        string
	CreditLimit int64
}

// Maintenance holds the operations an operator can trigger.
type Maintenance struct{ db *gorm.DB }

// Reindex rebuilds the search index.
func (m *Maintenance) Reindex() error { return nil }

// Vacuum compacts the ledger tables.
func (m *Maintenance) Vacuum() error { return nil }

// API is the admin handler set.
type API struct {
	db    *gorm.DB
	maint *Maintenance
}

var operations = map[string]string{"reindex": "Reindex", "vacuum": "Vacuum"}

// Register mounts the admin routes.
func (a *API) Register(r *gin.Engine) {
	g := r.Group("/admin", recovery(), safeRecovery())
	g.PATCH("/accounts/:id", a.patchAccount)
	g.PATCH("/accounts/:id/profile", a.patchProfile)
	g.POST("/ops/run", a.runOperation)
	g.POST("/ops/run-checked", a.runOperationChecked)
	g.PUT("/accounts/:id/limit", a.setLimit)
	g.PUT("/accounts/:id/limit-checked", a.setLimitChecked)
}

// patchAccount applies a partial update sent as JSON.
func (a *API) patchAccount(c *gin.Context) {
	var changes map[string]interface{}
	if err := c.ShouldBindJSON(&changes); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// techlead-expect: go-gorm-map-mass-assignment
	if err := a.db.Model(&Account{}).Where("id = ?", c.Param("id")).Updates(changes).Error; err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Status(http.StatusNoContent)
}

type profilePatch struct {
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
}

// patchProfile only lets the two profile fields through.
func (a *API) patchProfile(c *gin.Context) {
	var in profilePatch
	if err := c.ShouldBindJSON(&in); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	changes := map[string]interface{}{"display_name": in.DisplayName, "email": in.Email}
	// techlead-safe
	a.db.Model(&Account{}).Where("id = ?", c.Param("id")).Updates(changes)
	c.Status(http.StatusNoContent)
}

// runOperation calls a maintenance method by name.
func (a *API) runOperation(c *gin.Context) {
	op := strings.Title(c.PostForm("op"))
	// techlead-expect: go-reflect-name-from-request
	method := reflect.ValueOf(a.maint).MethodByName(op)
	if !method.IsValid() {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	method.Call(nil)
	c.Status(http.StatusAccepted)
}

// runOperationChecked maps the request to a known operation first.
func (a *API) runOperationChecked(c *gin.Context) {
	name, ok := operations[c.PostForm("op")]
	if !ok {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	// techlead-safe
	method := reflect.ValueOf(a.maint).MethodByName(name)
	method.Call(nil)
	c.Status(http.StatusAccepted)
}

// setLimit changes the credit limit, in hundreds, stored as int32 by the
// card processor.
func (a *API) setLimit(c *gin.Context) {
	hundreds, err := strconv.Atoi(c.PostForm("hundreds"))
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// techlead-expect: go-integer-narrowing-conversion
	processorLimit := int32(hundreds) * 100
	a.db.Model(&Account{}).Where("id = ?", c.Param("id")).Update("credit_limit", processorLimit)
	c.Status(http.StatusNoContent)
}

// setLimitChecked refuses values that do not fit the processor's field.
func (a *API) setLimitChecked(c *gin.Context) {
	hundreds, err := strconv.Atoi(c.PostForm("hundreds"))
	if err != nil || hundreds < 0 || hundreds > math.MaxInt32/100 {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// techlead-safe
	processorLimit := int32(hundreds) * 100
	a.db.Model(&Account{}).Where("id = ?", c.Param("id")).Update("credit_limit", processorLimit)
	c.Status(http.StatusNoContent)
}

// recovery turns panics into 500s; it was written for local debugging.
func recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if rec := recover(); rec != nil {
				// techlead-expect: go-stack-trace-in-response
				c.String(http.StatusInternalServerError, fmt.Sprintf("panic: %v\n%s", rec, debug.Stack()))
				c.Abort()
			}
		}()
		c.Next()
	}
}

// safeRecovery logs the stack and answers with a generic message.
func safeRecovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if rec := recover(); rec != nil {
				log.Printf("panic in %s: %v\n%s", c.FullPath(), rec, debug.Stack())
				// techlead-safe
				c.String(http.StatusInternalServerError, "internal error")
				c.Abort()
			}
		}()
		c.Next()
	}
}
