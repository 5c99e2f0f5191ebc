# frozen_string_literal: true

# Feature flags with one predicate method per flag: `FeatureFlags.new.checkout_v2?`
class FeatureFlags
  FLAGS = %w[checkout_v2 gift_cards wishlist].freeze

  FLAGS.each do |flag|
    # techlead-safe
    class_eval "def #{flag}?; enabled?(:#{flag}); end"
  end

  FLAGS.each do |flag|
    # techlead-safe
    class_eval <<-RUBY
      def enable_#{flag}!
        @overrides[:#{flag}] = true
      end
    RUBY
  end

  def initialize(overrides = {})
    @overrides = overrides
  end

  def enabled?(flag)
    @overrides.fetch(flag, false)
  end

  # Lets admins add a flag predicate at run time from the settings page.
  def define_from_admin(params)
    # techlead-expect: ruby-eval-used
    self.class.class_eval("def #{params[:flag]}?; #{params[:rule]}; end")
  end

  def evaluate_rule(rule_source)
    # techlead-expect: ruby-eval-used
    instance_eval "@overrides.any? { |k, v| #{rule_source} }"
  end
end
